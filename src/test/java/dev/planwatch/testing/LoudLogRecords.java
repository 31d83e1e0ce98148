package dev.planwatch.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the log records of WARNING and above that the application (running in the test's JVM)
 * logs while open, from every logger.
 */
public final class LoudLogRecords extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LoudLogRecords() {
    }

    public static LoudLogRecords capture() {
        LoudLogRecords capture = new LoudLogRecords();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            records.add(record);
        }
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records as one line each, for an assertion message. */
    public String describe() {
        StringBuilder text = new StringBuilder(records.size() + " records above INFO");
        for (LogRecord record : records.subList(0, Math.min(3, records.size()))) {
            text.append("\n").append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(record.getMessage()).append(' ').append(record.getThrown());
        }
        return text.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
