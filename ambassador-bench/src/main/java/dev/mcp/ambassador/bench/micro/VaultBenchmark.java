package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.vault.VaultCipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The credential vault's cipher for one credential of the size users store (an API token): {@code
 * encrypt} seals it for its address (a fresh IV, the per-owner key derived from the master key and
 * the owner's salt, AES-GCM with the address as associated data); {@code decrypt} opens it, as
 * every start of a per-user process does (target: at most 10 µs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VaultBenchmark {

    private final VaultCipher.Address address = new VaultCipher.Address("user-1", "server-1", "GITHUB_TOKEN");
    private final byte[] plaintext = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB".getBytes(StandardCharsets.UTF_8);
    private VaultCipher cipher;
    private byte[] salt;
    private byte[] sealed;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] masterKey = new byte[32];
        random.nextBytes(masterKey);
        salt = new byte[32];
        random.nextBytes(salt);
        cipher = new VaultCipher(masterKey);
        Arrays.fill(masterKey, (byte) 0);
        sealed = encrypt();
        if (!Arrays.equals(decrypt(), plaintext)) {
            throw new IllegalStateException("The benchmark's credential should open to what was sealed");
        }
    }

    @Benchmark
    public byte[] encrypt() {
        return cipher.seal(salt, address, plaintext);
    }

    @Benchmark
    public byte[] decrypt() {
        return cipher.open(salt, address, sealed);
    }

    @TearDown
    public void tearDown() {
        cipher.close();
    }
}
