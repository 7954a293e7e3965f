package dev.tidings.dispatcher.health;

import dev.tidings.dispatcher.provider.apns.ApnsSender;
import dev.tidings.dispatcher.provider.fcm.FcmSender;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when both provider clients are built with their credentials loaded. */
@Readiness
@ApplicationScoped
public class ProvidersHealthCheck implements HealthCheck {
    private final FcmSender fcm;
    private final ApnsSender apns;

    public ProvidersHealthCheck(FcmSender fcm, ApnsSender apns) {
        this.fcm = fcm;
        this.apns = apns;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("provider-credentials")
                .status(fcm.ready() && apns.ready())
                .withData("fcm", fcm.ready() ? "loaded" : fcm.problem())
                .withData("apns", apns.ready() ? "loaded" : apns.problem())
                .build();
    }
}
