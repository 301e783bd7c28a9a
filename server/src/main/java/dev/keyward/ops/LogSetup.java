package dev.keyward.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Keyward's logging, set up in code instead of a logback.xml: reading XML made logback load its
 * configuration framework (Joran) and the JDK's XML parser, about 300 classes and 3 MB of
 * metaspace that stayed loaded for the life of the process. Logback finds this class through
 * {@code META-INF/services}. One line per event on stdout, written in batches by a background
 * thread ({@link BatchedStdout}: the access log is one line per request, keep it off the request
 * threads), the libraries' own chatter at WARN. An operator who passes
 * {@code -Dlogback.configurationFile} still gets that file.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} %msg%n";
    private static final String[] AT_WARN = {
        "org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.javalin", "org.simplejavamail", "org.jdbi"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        BatchedStdout stdout = new BatchedStdout(encoder, () -> System.out, 8192);
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.start();
        for (String name : AT_WARN) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Writes the lines still queued and stops logging: the last step of a shutdown. */
    public static void stop() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
