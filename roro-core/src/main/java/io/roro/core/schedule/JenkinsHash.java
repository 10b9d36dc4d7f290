package io.roro.core.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * The pseudo-random source Jenkins uses to resolve {@code H} in cron specs, seeded with the job's full name
 * (hudson.scheduler.Hash and Trigger.start in jenkinsci/jenkins). Reproducing it lets {@code roro schedule} show the
 * same run times the Jenkins job will have.
 */
final class JenkinsHash {
    private JenkinsHash() {
    }

    /** Returns a stateful generator of values in {@code [0, n)}, the same sequence Jenkins draws for {@code seed}. */
    static IntUnaryOperator from(String seed) {
        byte[] digest = md5(seed.getBytes(StandardCharsets.UTF_8));
        for (int i = 8; i < digest.length; i++) {
            digest[i % 8] ^= digest[i];
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) + (digest[i] & 0xFF);
        }
        Random random = new Random(value);
        return random::nextInt;
    }

    /** Jenkins resolves {@code H} to the lowest value when it has no seed (syntax checks). */
    static IntUnaryOperator zero() {
        return n -> 0;
    }

    private static byte[] md5(byte[] input) {
        try {
            // MD5 only to match Jenkins' hashing of job names; nothing here is security-relevant.
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JRE", e);
        }
    }
}
