package dev.annvil.cli;

import dev.annvil.server.auth.CurveKeyPair;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annvil keygen [--out FILE]}: makes a new CurveZMQ key pair for {@code annvil serve
 * --curve-secret-key-file}. Without {@code --out} it prints both keys (Z85) and how to use them;
 * with it, it writes FILE (the secret certificate, owner-only permissions) and FILE.public (the
 * public certificate for clients), in the ZeroMQ certificate format that pyzmq's {@code
 * zmq.auth.load_certificate} reads, and prints only the public key. Existing files are never
 * overwritten.
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Create a CurveZMQ key pair for encrypting the server's transport (see docs/security.md).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the secret certificate to FILE and the public one to FILE.public instead of"
                    + " printing the secret key.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        CurveKeyPair keys = CurveKeyPair.generate();
        if (out == null) {
            w.println("CURVE public key: " + keys.publicKey());
            w.println("CURVE secret key: " + keys.secretKey());
            w.println();
            w.println("Keep the secret key private. Put it in a file (or run: annvil keygen --out server.key) and");
            w.println("start the server with: annvil serve --curve-secret-key-file server.key");
        } else {
            Path publicFile = keys.writeFiles(out);
            w.println("Wrote the secret certificate to " + out + " (keep it private) and the public one to "
                    + publicFile + ".");
            w.println("CURVE public key: " + keys.publicKey());
            w.println();
            w.println("Start the server with: annvil serve --curve-secret-key-file " + out);
        }
        w.println("Clients connect with the server's public key, e.g. in Python (pyzmq):");
        w.println("    client_public, client_secret = zmq.curve_keypair()");
        w.println("    sock.curve_publickey, sock.curve_secretkey = client_public, client_secret");
        w.println("    sock.curve_serverkey = b\"" + keys.publicKey() + "\"");
        w.println("(the stock FAISSx client speaks plain ZeroMQ only; see docs/security.md).");
        w.flush();
        return 0;
    }
}
