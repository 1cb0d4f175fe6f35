package io.mediawhisperer.spi.parser;

/**
 * Why a file could not be read, with a machine code and a sentence a person can act on (it is
 * shown to the user as the source's {@code error}).
 */
public final class ParseException extends Exception {

  /** Needs a password to open. */
  public static final String ENCRYPTED = "encrypted";
  /** Damaged or not really the format it claims to be. */
  public static final String CORRUPT = "corrupt";
  /** Past a {@link ParseLimits} bound (pages, time, size). */
  public static final String TOO_LARGE = "too_large";
  /** Well-formed but holds nothing this parser can use. */
  public static final String EMPTY = "empty";

  private final String code;

  public ParseException(String code, String message) {
    super(message);
    this.code = code;
  }

  public ParseException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
