package io.raftdeck.tls;

import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Reads certificates and private keys from PEM files with grpc's own parser (the one its TLS
 * uses), and turns every way a file can be wrong into one sentence naming the flag and file:
 * missing, unreadable, not PEM, or a key that does not belong to its certificate.
 */
final class PemFiles {

    private static final byte[] PROBE = "raftdeck key check".getBytes();

    private PemFiles() {
    }

    /**
     * The certificates in {@code file}, leaf first.
     *
     * @throws TlsFileException when there are none or the file cannot be read
     */
    static X509Certificate[] certificates(TlsFile file) throws TlsFileException {
        byte[] content = read(file);
        X509Certificate[] certificates;
        try {
            certificates = CertificateUtils.getX509Certificates(
                    new ByteArrayInputStream(content));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsFileException(file, "not a PEM certificate (" + reason(e) + ")");
        }
        if (certificates.length == 0) {
            throw new TlsFileException(file, "holds no PEM certificate (-----BEGIN"
                    + " CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The private key in {@code file}: PKCS#8 PEM, RSA or EC, unencrypted.
     *
     * @throws TlsFileException when it holds no such key or cannot be read
     */
    static PrivateKey privateKey(TlsFile file) throws TlsFileException {
        byte[] content = read(file);
        try {
            return CertificateUtils.getPrivateKey(new ByteArrayInputStream(content));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsFileException(file, "not an unencrypted PKCS#8 PEM private key ("
                    + reason(e) + "; convert one with 'openssl pkcs8 -topk8 -nocrypt')");
        }
    }

    /**
     * Checks that {@code key} is the private half of {@code certificate}'s public key, by
     * signing a probe with one and verifying it with the other: a mismatch would only show
     * as failed handshakes with every peer.
     */
    static void checkKeyMatches(PrivateKey key, TlsFile keyFile, X509Certificate certificate,
                                TlsFile certificateFile) throws TlsFileException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519 and Ed448 name their own signature
        };
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsFileException(keyFile, "this key does not match the certificate in "
                    + certificateFile.describe());
        }
    }

    private static byte[] read(TlsFile file) throws TlsFileException {
        try {
            return Files.readAllBytes(file.path());
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "no such file");
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot read it (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
