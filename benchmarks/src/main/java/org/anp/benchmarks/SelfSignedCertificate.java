package org.anp.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A minimal X.509 v3 certificate writer for the TLS baseline: self-signed with ECDSA P-256 /
 * SHA-256 by the JDK, one common name as subject and issuer, and two extensions (basic
 * constraints without CA, critical key usage {@code digitalSignature}), which is what a TLS 1.3
 * peer needs from an end-entity certificate it trusts directly. The JDK has no public certificate
 * builder, and the benchmarks should not need a dependency for one.
 */
final class SelfSignedCertificate {
  private static final int SEQUENCE = 0x30;
  private static final int SET = 0x31;
  private static final int INTEGER = 0x02;
  private static final int BIT_STRING = 0x03;
  private static final int OCTET_STRING = 0x04;
  private static final int BOOLEAN = 0x01;
  private static final int UTF8_STRING = 0x0c;
  private static final int UTC_TIME = 0x17;
  private static final int EXPLICIT_0 = 0xa0;
  private static final int EXPLICIT_3 = 0xa3;

  // Complete DER encodings (tag, length, value) of the object identifiers used.
  private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final byte[] BASIC_CONSTRAINTS = {0x06, 0x03, 0x55, 0x1d, 0x13};
  private static final byte[] KEY_USAGE = {0x06, 0x03, 0x55, 0x1d, 0x0f};

  private static final DateTimeFormatter UTC_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private SelfSignedCertificate() {}

  /**
   * A certificate for {@code keys} (a P-256 pair of the JDK), valid from a day ago for a year.
   *
   * @throws GeneralSecurityException if the JDK cannot sign or parse it
   */
  static X509Certificate generate(KeyPair keys, String commonName, SecureRandom random)
      throws GeneralSecurityException {
    byte[] algorithm = tlv(SEQUENCE, ECDSA_WITH_SHA256);
    byte[] name = tlv(SEQUENCE, tlv(SET, tlv(SEQUENCE, COMMON_NAME, tlv(UTF8_STRING, commonName.getBytes(StandardCharsets.UTF_8)))));
    Instant now = Instant.now();
    byte[] validity =
        tlv(SEQUENCE, utcTime(now.minus(Duration.ofDays(1))), utcTime(now.plus(Duration.ofDays(365))));
    byte[] serial = new BigInteger(63, random).setBit(62).toByteArray();
    byte[] basicConstraints = tlv(SEQUENCE, BASIC_CONSTRAINTS, tlv(OCTET_STRING, tlv(SEQUENCE)));
    byte[] keyUsage =
        tlv(SEQUENCE, KEY_USAGE, tlv(BOOLEAN, new byte[] {(byte) 0xff}), tlv(OCTET_STRING, tlv(BIT_STRING, new byte[] {7, (byte) 0x80})));
    byte[] tbs =
        tlv(
            SEQUENCE,
            tlv(EXPLICIT_0, tlv(INTEGER, new byte[] {2})),
            tlv(INTEGER, serial),
            algorithm,
            name,
            validity,
            name,
            keys.getPublic().getEncoded(),
            tlv(EXPLICIT_3, tlv(SEQUENCE, basicConstraints, keyUsage)));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate(), random);
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bits = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bits, 1, signature.length);
    byte[] der = tlv(SEQUENCE, tbs, algorithm, tlv(BIT_STRING, bits));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static byte[] utcTime(Instant instant) {
    return tlv(UTC_TIME, UTC_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII));
  }

  /** One DER element: the tag, the definite length, then the parts concatenated. */
  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      value.writeBytes(part);
    }
    int length = value.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else {
      out.write(0x82);
      out.write(length >>> 8);
      out.write(length);
    }
    out.writeBytes(value.toByteArray());
    return out.toByteArray();
  }
}
