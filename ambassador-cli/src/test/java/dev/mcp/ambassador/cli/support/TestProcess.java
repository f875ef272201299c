package dev.mcp.ambassador.cli.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process started from an explicit environment, its output collected line by line as it
 * comes, ended with its whole process tree.
 */
public final class TestProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private TestProcess(Process process) {
        this.process = process;
        this.stdoutReader = Thread.ofVirtual().start(() -> read(process.getInputStream(), stdout));
        this.stderrReader = Thread.ofVirtual().start(() -> read(process.getErrorStream(), stderr));
    }

    /** Starts {@code command} in {@code directory} with exactly {@code environment}. */
    public static TestProcess start(List<String> command, Path directory, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new TestProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} to its end (at most {@code limit}) and returns it. */
    public static TestProcess run(
            List<String> command, Path directory, Map<String, String> environment, Duration limit) {
        TestProcess run = start(command, directory, environment);
        run.closeInput();
        if (!run.waitFor(limit)) {
            run.close();
            throw new AssertionError("still running after " + limit + ": " + command + "\n" + run.transcript());
        }
        return run;
    }

    private static void read(InputStream stream, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            lines.add("(reading stopped: " + e + ")");
        }
    }

    /** Writes one line to the process's stdin. */
    public void writeLine(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most {@code limit}) for a line on stdout that satisfies {@code wanted}. */
    public boolean awaitStdout(java.util.function.Predicate<String> wanted, Duration limit) {
        return await(stdout, stdoutReader, wanted, limit);
    }

    /** Waits (at most {@code limit}) for a line on stderr that satisfies {@code wanted}. */
    public boolean awaitStderr(java.util.function.Predicate<String> wanted, Duration limit) {
        return await(stderr, stderrReader, wanted, limit);
    }

    private boolean await(
            List<String> lines, Thread reader, java.util.function.Predicate<String> wanted, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lines) {
            while (lines.stream().noneMatch(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    return false;
                }
                try {
                    lines.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    public boolean waitFor(Duration limit) {
        try {
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) {
                stdoutReader.join(Duration.ofSeconds(5));
                stderrReader.join(Duration.ofSeconds(5));
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String stdout() {
        synchronized (stdout) {
            return String.join("\n", stdout);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    public String transcript() {
        return "--- stdout ---%n%s%n--- stderr ---%n%s".formatted(stdout(), stderr());
    }

    /**
     * Sends SIGTERM and nothing else (its stdin stays open, its output is still read) and waits at
     * most {@code limit} for it to exit; whether it did.
     */
    public boolean terminate(Duration limit) {
        process.toHandle().destroy();
        return waitFor(limit);
    }

    /**
     * Ends the process politely (SIGTERM), then forcibly, and every descendant with it. Like
     * {@link Process#destroy()}, on which it rests, this also closes the process's stdin (it reads
     * EOF while the signal arrives) and stops reading its output: what it writes after this is lost.
     */
    @Override
    public void close() {
        List<ProcessHandle> family = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            // Everything it wrote before it ended, for the transcript.
            stdoutReader.join(Duration.ofSeconds(5));
            stderrReader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
