package dev.planwatch.workspace;

/**
 * A name or path from outside that the workspace refuses: not on the allow-list, or leading out of
 * the workspace. The REST layer answers it as a bad request naming {@code field} (when known).
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String message, String field) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The request field or parameter that carried the input; null when it is not known here. */
    public String field() {
        return field;
    }
}
