package dev.tidings.devstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.contracts.Json;
import dev.tidings.devstack.launch.ProviderAccounts;
import dev.tidings.devstack.emulator.ApnsEmulator;
import dev.tidings.devstack.emulator.FcmEmulator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The provider credentials of the local stack, made once per devstack directory: a TLS certificate for
 * the APNs emulator, an APNs token-auth signing key (.p8), and an FCM service-account JSON whose
 * {@code token_uri} points at the FCM emulator. They are the same kinds of files Apple and Google issue.
 */
public final class Credentials {
    public static final String APNS_TEAM_ID = "TIDINGSTM1";
    public static final String APNS_KEY_ID = "TIDINGSK01";
    public static final String APNS_BUNDLE_ID = "dev.tidings.demo";
    public static final String FCM_PROJECT_ID = "tidings-local";
    public static final String FCM_CLIENT_EMAIL = "tidings@" + FCM_PROJECT_ID + ".iam.gserviceaccount.com";

    public final Path tlsCertificate;
    public final Path tlsKey;
    public final Path apnsSigningKey;
    public final Path fcmServiceAccount;
    private final Path fcmKey;

    private Credentials(Path dir) {
        this.tlsCertificate = dir.resolve("apns-server.crt");
        this.tlsKey = dir.resolve("apns-server.key");
        this.apnsSigningKey = dir.resolve("apns-auth-key.p8");
        this.fcmServiceAccount = dir.resolve("fcm-service-account.json");
        this.fcmKey = dir.resolve("fcm-service-account.key");
    }

    /** Loads the credentials under {@code dir}, making whatever is missing; the token URI is rewritten each time. */
    public static Credentials prepare(Path dir, String fcmTokenUri) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Credentials c = new Credentials(dir);
        if (!Files.exists(c.tlsCertificate) || !Files.exists(c.tlsKey)) {
            KeyPair pair = generate("EC", new ECGenParameterSpec("secp256r1"));
            Files.writeString(c.tlsKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(c.tlsCertificate, pem("CERTIFICATE", selfSigned(pair).getEncoded()));
        }
        if (!Files.exists(publicHalf(c.apnsSigningKey))) {
            writePair(c.apnsSigningKey, generate("EC", new ECGenParameterSpec("secp256r1")));
        }
        if (!Files.exists(publicHalf(c.fcmKey))) {
            writePair(c.fcmKey, generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)));
        }
        ObjectNode account = Json.MAPPER.createObjectNode()
                .put("type", "service_account")
                .put("project_id", FCM_PROJECT_ID)
                .put("private_key_id", "tidings-local-key")
                .put("private_key", Files.readString(c.fcmKey))
                .put("client_email", FCM_CLIENT_EMAIL)
                .put("client_id", "100000000000000000001")
                .put("token_uri", fcmTokenUri);
        Files.writeString(c.fcmServiceAccount, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(account));
        return c;
    }

    /** The devstack's service account as the FCM emulator knows it (the public half of its key). */
    public FcmEmulator.ServiceAccount fcmAccount() throws IOException {
        return new FcmEmulator.ServiceAccount(FCM_CLIENT_EMAIL, FCM_PROJECT_ID, Files.readString(publicHalf(fcmKey)));
    }

    /** The devstack's .p8 key as the APNs emulator knows it (the public half, and the topic it may send to). */
    public ApnsEmulator.SigningKey apnsKey() throws IOException {
        return new ApnsEmulator.SigningKey(APNS_TEAM_ID, APNS_KEY_ID, Files.readString(publicHalf(apnsSigningKey)),
                java.util.List.of(APNS_BUNDLE_ID));
    }

    private static Path publicHalf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    private static void writePair(Path privateKey, KeyPair pair) throws IOException {
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicHalf(privateKey), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static KeyPair generate(String algorithm, java.security.spec.AlgorithmParameterSpec spec)
            throws GeneralSecurityException {
        return ProviderAccounts.generate(algorithm, spec);
    }

    private static X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=localhost, O=Tidings devstack");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return ProviderAccounts.pem(type, der);
    }
}
