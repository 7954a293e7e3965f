package dev.tidings.dispatcher.health;

import dev.tidings.dispatcher.apps.AppRegistry;
import dev.tidings.dispatcher.provider.apns.ApnsSender;
import dev.tidings.dispatcher.provider.fcm.FcmSender;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the apps' own credentials have been read from the apps topic. The default credentials (and
 * why one is missing) and every app credential that does not load are reported as data: one tenant's
 * bad key is a warning for the operator, not a reason to take every tenant's deliveries down. A
 * configured default credential that does not load stops the service at start-up instead.
 */
@Readiness
@ApplicationScoped
public class ProvidersHealthCheck implements HealthCheck {
    private final FcmSender fcm;
    private final ApnsSender apns;
    private final AppRegistry apps;

    public ProvidersHealthCheck(FcmSender fcm, ApnsSender apns, AppRegistry apps) {
        this.fcm = fcm;
        this.apps = apps;
        this.apns = apns;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("provider-credentials")
                .status(apps.isLoaded())
                .withData("app-settings", apps.isLoaded() ? apps.size() + " apps with their own credentials" : "loading")
                .withData("fcm-default", fcm.ready() ? "loaded" : fcm.problem())
                .withData("apns-default", apns.ready() ? "loaded" : apns.problem());
        List<String> broken = new java.util.ArrayList<>(fcm.brokenCredentials());
        broken.addAll(apns.brokenCredentials());
        if (!broken.isEmpty()) {
            r.withData("warning", String.join("; ", broken));
        }
        return r.build();
    }
}
