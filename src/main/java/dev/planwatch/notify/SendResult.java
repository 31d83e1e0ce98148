package dev.planwatch.notify;

/** How one attempt ended: taken by the channel, failed for now (retried), or refused for good. */
record SendResult(boolean delivered, boolean retryable, String error) {

    static final SendResult DELIVERED = new SendResult(true, false, null);

    static SendResult retry(String error) {
        return new SendResult(false, true, error);
    }

    static SendResult refused(String error) {
        return new SendResult(false, false, error);
    }

    /**
     * An HTTP answer: 2xx delivered; 408, 429 and 5xx are the receiver's passing trouble, retried;
     * any other status (a 4xx, a redirect, which is not followed) would be answered the same again.
     */
    static SendResult ofHttpStatus(int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        String error = "HTTP " + status;
        return status == 408 || status == 429 || status >= 500 ? retry(error) : refused(error);
    }
}
