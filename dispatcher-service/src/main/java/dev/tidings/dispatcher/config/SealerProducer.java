package dev.tidings.dispatcher.config;

import dev.tidings.contracts.crypto.Sealer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

@ApplicationScoped
public class SealerProducer {
    /** Built at start-up, so a malformed master key stops the service at once. */
    @Produces
    @Singleton
    @Startup
    Sealer sealer(DispatcherConfig config) {
        return Sealer.of(config.masterKey(), config.previousMasterKeys().orElse(List.of()));
    }
}
