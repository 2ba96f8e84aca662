package org.anp.cli.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files and directories a command is given, and says in one line what is wrong with one
 * that cannot be used: the path once, then the reason ({@code not found}, {@code not readable},
 * {@code is a directory}, {@code larger than N bytes}). The JDK's own exceptions carry only the
 * path as their message, so printing {@code path + ": " + e.getMessage()} said the path twice and
 * never why. Stateless.
 */
public final class InputFiles {
  private InputFiles() {}

  /** A file or directory that cannot be used; the message is {@code <path>: <reason>}. */
  public static final class UnusableInputException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableInputException(Path path, String reason, Throwable cause) {
      super(path + ": " + reason, cause);
    }
  }

  /**
   * The bytes of the regular file {@code file}, at most {@code maxBytes} of them.
   *
   * @throws UnusableInputException if it is missing, a directory, unreadable or too large
   */
  public static byte[] read(Path file, int maxBytes) throws UnusableInputException {
    if (Files.isDirectory(file)) {
      throw new UnusableInputException(file, "is a directory, not a file", null);
    }
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new UnusableInputException(file, "larger than " + maxBytes + " bytes (" + size + ")", null);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnusableInputException(file, reason(e), e);
    }
  }

  /**
   * Checks that {@code dir} is a directory this process can read.
   *
   * @throws UnusableInputException if it is missing, a file or unreadable
   */
  public static void requireDirectory(Path dir) throws UnusableInputException {
    if (!Files.exists(dir)) {
      throw new UnusableInputException(dir, "not found", null);
    }
    if (!Files.isDirectory(dir)) {
      throw new UnusableInputException(dir, "not a directory", null);
    }
    if (!Files.isReadable(dir)) {
      throw new UnusableInputException(dir, "not readable (permission denied)", null);
    }
  }

  /** {@code <file>: <reason>} when the exception names its file, else the reason alone. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return fs.getFile() + ": " + reason(e);
    }
    return reason(e);
  }

  /** Why an I/O operation failed, in words, without the path the exception's message repeats. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "not found";
    }
    if (e instanceof AccessDeniedException) {
      return "not readable (permission denied)";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
