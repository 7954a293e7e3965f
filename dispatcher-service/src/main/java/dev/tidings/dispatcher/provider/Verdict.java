package dev.tidings.dispatcher.provider;

import dev.tidings.contracts.events.DeliveryReport.Outcome;

/** What a provider's answer means, as the classifications of each provider ({@code FcmOutcomes}, {@code ApnsOutcomes}) say. */
public enum Verdict {
    /** the provider accepted the notification */
    DELIVERED(Outcome.DELIVERED),
    /** the token will never work again: deactivate the device, never retry it */
    DEAD_TOKEN(Outcome.TOKEN_INVALID),
    /** the message itself is refused (too large, bad collapse id or expiration, bad argument): fail it, keep the token */
    BAD_MESSAGE(Outcome.FAILED),
    /** the provider is throttling or unwell: the same send may work later */
    RETRYABLE(Outcome.FAILED),
    /** the app's credential or provider setup is wrong: fail it, prune no token, tell the operator */
    OPERATOR_FAULT(Outcome.FAILED);

    private final Outcome outcome;

    Verdict(Outcome outcome) {
        this.outcome = outcome;
    }

    /** The outcome a final answer of this kind is reported with (a retryable one is final once its attempts are spent). */
    public Outcome outcome() {
        return outcome;
    }
}
