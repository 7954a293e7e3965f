package dev.tidings.devstack.emulator;

import io.vertx.core.http.HttpConnection;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;

/** Client certificates as the APNs emulator sees them. */
final class Certificates {
    /**
     * Lets every client certificate through the TLS handshake; whether Apple issued it is decided per
     * request, against the certificates the emulator was told about, as APNs answers BadCertificate.
     */
    static final X509TrustManager ANY_CLIENT = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the emulator is a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** @throws IllegalArgumentException when the text is not a PEM X.509 certificate */
    static X509Certificate parse(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("certificate is required (PEM, -----BEGIN CERTIFICATE-----)");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate is not an X.509 certificate in PEM");
        }
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate the client presented in the TLS handshake, or null. */
    static X509Certificate peer(HttpConnection connection) {
        try {
            List<Certificate> chain = connection.isSsl() ? connection.peerCertificates() : null;
            return chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate x) ? null : x;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    static boolean current(X509Certificate certificate) {
        try {
            certificate.checkValidity();
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private Certificates() {
    }
}
