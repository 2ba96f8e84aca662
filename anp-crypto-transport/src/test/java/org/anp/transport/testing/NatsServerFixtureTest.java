package org.anp.transport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fixture starts a real JetStream server whose file-stored streams survive a restart. */
class NatsServerFixtureTest {
  @Test
  void aStreamOnFileSurvivesARestartOnTheSamePort() throws Exception {
    try (NatsServerFixture nats = NatsServerFixture.start()) {
      int port = nats.port();
      try (Connection connection = connect(nats)) {
        JetStreamManagement management = connection.jetStreamManagement();
        management.addStream(StreamConfiguration.builder()
            .name("FIXTURE").subjects("fixture.>").storageType(StorageType.File).build());
        connection.jetStream().publish("fixture.a", "kept".getBytes(StandardCharsets.UTF_8));
      }

      nats.restart();

      assertThat(nats.port()).isEqualTo(port);
      try (Connection connection = connect(nats)) {
        byte[] data = connection.jetStreamManagement().getMessage("FIXTURE", 1).getData();
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("kept");
      }
    }
  }

  @Test
  void aKilledServerIsNotRunning() {
    try (NatsServerFixture nats = NatsServerFixture.start()) {
      assertThat(nats.isRunning()).isTrue();
      nats.kill();
      assertThat(nats.isRunning()).isFalse();
    }
  }

  private static Connection connect(NatsServerFixture nats) throws Exception {
    return Nats.connect(new Options.Builder().server(nats.url())
        .connectionTimeout(Duration.ofSeconds(30)).build());
  }
}
