package io.raftdeck.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA for tests, made fresh (EC P-256, valid for a day), that issues certificates written as
 * PEM files the way openssl writes them (certificate; unencrypted PKCS#8 key), so the node
 * reads exactly what an operator's files would give it.
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA called {@code name}. */
    public static TestCertificates newCa(String name) throws GeneralSecurityException {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new TestCertificates(name, keys, sign(builder, keys));
    }

    /** Writes this CA's certificate to {@code file}. */
    public Path writeCa(Path file) throws IOException {
        return writeAtomically(file, pem("CERTIFICATE", encoded(certificate)));
    }

    /**
     * Issues a certificate for {@code commonName}, usable as server and client, with
     * subjectAltNames {@code uris} (e.g. raftdeck:node:2) and IP 127.0.0.1, and writes it and
     * its key to {@code certificateFile} and {@code keyFile}.
     */
    public void issue(String commonName, List<String> uris, Path certificateFile, Path keyFile)
            throws IOException, GeneralSecurityException {
        KeyPair leafKeys = newKeys();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name),
                new X500Name("CN=" + commonName), leafKeys);
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        for (String uri : uris) {
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                    KeyPurposeId.id_kp_clientAuth}));
        X509Certificate leaf = sign(builder, keys);
        writeAtomically(keyFile, pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()));
        writeAtomically(certificateFile, pem("CERTIFICATE", encoded(leaf)));
    }

    /** A member's certificate: names it as {@code raftdeck:node:ID}. */
    public void issueMember(int member, Path certificateFile, Path keyFile)
            throws IOException, GeneralSecurityException {
        issue("raftdeck node " + member, List.of(MemberNames.uri(member)), certificateFile,
                keyFile);
    }

    /** Writes by rename, as an operator rotating a file should, so no reader sees half. */
    public static Path writeAtomically(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject,
                                                    KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                subject, subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
