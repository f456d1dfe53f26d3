package dev.annvil.server.auth;

import com.neilalexander.jnacl.crypto.curve25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * A CurveZMQ key pair (Curve25519), both keys as 40-character Z85 text, for encrypting the
 * ZeroMQ transport (see docs/security.md).
 *
 * <p>The server needs the secret key ({@code --curve-secret-key-file}); clients need the server's
 * public key (pyzmq: {@code socket.curve_serverkey = public}, plus a client key pair of their own,
 * e.g. from {@code zmq.curve_keypair()}).
 *
 * <p>Key files use the ZeroMQ certificate format of czmq's {@code zcert} and pyzmq's {@code
 * zmq.auth.create_certificates}, so {@code zmq.auth.load_certificate(path)} reads them:
 *
 * <pre>
 * #   ****  Generated on 2026-01-01T00:00:00Z by annvil keygen  ****
 * #   ZeroMQ CURVE **Secret** Certificate
 * #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.
 *
 * metadata
 * curve
 *     public-key = "&lt;40 Z85 characters&gt;"
 *     secret-key = "&lt;40 Z85 characters&gt;"
 * </pre>
 *
 * <p>{@link #readFile} also accepts a file holding just the Z85 secret key; the public key is then
 * derived from it. {@link #toString()} never shows the secret key.
 *
 * @param publicKey Z85 public key
 * @param secretKey Z85 secret key
 */
public record CurveKeyPair(String publicKey, String secretKey) {
    private static final String Z85_CHARS =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @throws IllegalArgumentException if a key is not 40 Z85 characters or they do not belong together */
    public CurveKeyPair {
        checkZ85("public key", publicKey);
        checkZ85("secret key", secretKey);
        if (!derivePublic(secretKey).equals(publicKey)) {
            throw new IllegalArgumentException("the CURVE public key does not belong to the secret key");
        }
    }

    /** A new random key pair. */
    public static CurveKeyPair generate() {
        byte[] secret = new byte[ZMQ.Curve.KEY_SIZE];
        RANDOM.nextBytes(secret);
        String z85 = ZMQ.Curve.z85Encode(secret);
        Arrays.fill(secret, (byte) 0);
        return fromSecret(z85);
    }

    /** The pair of a Z85 secret key (the public key is computed from it). */
    public static CurveKeyPair fromSecret(String secretKey) {
        checkZ85("secret key", secretKey);
        return new CurveKeyPair(derivePublic(secretKey), secretKey);
    }

    /** The secret key as 32 bytes (for {@code setCurveSecretKey}). */
    public byte[] secretKeyBytes() {
        return ZMQ.Curve.z85Decode(secretKey);
    }

    /** The public key as 32 bytes. */
    public byte[] publicKeyBytes() {
        return ZMQ.Curve.z85Decode(publicKey);
    }

    private static String derivePublic(String secretKey) {
        byte[] secret = ZMQ.Curve.z85Decode(secretKey);
        byte[] pub = new byte[ZMQ.Curve.KEY_SIZE];
        curve25519.crypto_scalarmult_base(pub, secret);
        Arrays.fill(secret, (byte) 0);
        return ZMQ.Curve.z85Encode(pub);
    }

    private static void checkZ85(String what, String key) {
        Objects.requireNonNull(key, what + " is null");
        if (key.length() != ZMQ.Curve.KEY_SIZE_Z85) {
            throw new IllegalArgumentException(
                    "a CURVE " + what + " must be " + ZMQ.Curve.KEY_SIZE_Z85 + " Z85 characters, got " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            if (Z85_CHARS.indexOf(key.charAt(i)) < 0) {
                throw new IllegalArgumentException(
                        "a CURVE " + what + " must be Z85 text; character " + (i + 1) + " is not a Z85 character");
            }
        }
    }

    /**
     * Reads a secret key file: a ZeroMQ secret certificate (with {@code secret-key = "..."} and
     * optionally {@code public-key = "..."} lines) or a file holding only the Z85 secret key.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read, has no secret key, or
     *     the keys are invalid or do not belong together
     */
    public static CurveKeyPair readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CURVE key file " + file + ": " + e, e);
        }
        String secret = null;
        String pub = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("secret-key")) {
                secret = certValue(line);
            } else if (line.startsWith("public-key")) {
                pub = certValue(line);
            }
        }
        if (secret == null) {
            String bare = text.strip();
            if (bare.length() == ZMQ.Curve.KEY_SIZE_Z85 && !bare.contains("\n")) {
                secret = bare;
            } else {
                throw new IllegalArgumentException("CURVE key file " + file + " has no secret key (expected a line"
                        + " secret-key = \"<40 Z85 characters>\", as written by annvil keygen)");
            }
        }
        try {
            return pub == null ? fromSecret(secret) : new CurveKeyPair(pub, secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CURVE key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String certValue(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            return "";
        }
        String v = line.substring(eq + 1).strip();
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** The secret certificate text (holds both keys; keep private). */
    public String secretCertificate() {
        return certificate(true);
    }

    /** The public certificate text (holds only the public key; give it to clients). */
    public String publicCertificate() {
        return certificate(false);
    }

    private String certificate(boolean secret) {
        StringBuilder s = new StringBuilder();
        s.append("#   ****  Generated on ").append(Instant.now()).append(" by annvil keygen  ****\n");
        if (secret) {
            s.append("#   ZeroMQ CURVE **Secret** Certificate\n");
            s.append("#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n");
        } else {
            s.append("#   ZeroMQ CURVE Public Certificate\n");
            s.append("#   Exchange securely, or use a secure mechanism to verify the contents\n");
            s.append("#   of this file after exchange. Store public certificates in your home\n");
            s.append("#   directory, in the .curve subdirectory.\n");
        }
        s.append("\nmetadata\ncurve\n");
        s.append("    public-key = \"").append(publicKey).append("\"\n");
        if (secret) {
            s.append("    secret-key = \"").append(secretKey).append("\"\n");
        }
        return s.toString();
    }

    /**
     * Writes {@code file} (the secret certificate, readable by its owner only where the file system
     * supports POSIX permissions) and {@code file.public} (the public certificate).
     *
     * @return the public certificate's path
     * @throws IOException if a file exists already or cannot be written
     */
    public Path writeFiles(Path file) throws IOException {
        Path publicFile = file.resolveSibling(file.getFileName() + ".public");
        for (Path p : new Path[] {file, publicFile}) {
            if (Files.exists(p)) {
                throw new IOException(p + " exists already; not overwriting a key file");
            }
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, secretCertificate(), StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(publicFile, publicCertificate(), StandardOpenOption.CREATE_NEW);
        return publicFile;
    }

    @Override
    public String toString() {
        return "CurveKeyPair[publicKey=" + publicKey + ", secretKey=(not shown)]";
    }
}
