package dev.tidings.dispatcher.provider;

import java.util.List;
import java.util.Set;

/**
 * Tells a dead token from a wrong credential. FCM's {@code SENDER_ID_MISMATCH} and APNs'
 * {@code BadDeviceToken} and {@code DeviceTokenNotForTopic} say "this token is not for you": true of one
 * old token, but also of every token when the app's credential is for another Firebase project, bundle id
 * or APNs environment. When every device of a batch (two or more) is refused that way, the credential is
 * the likelier fault: the answers become operator faults (failed with the reason, an alarm for the
 * operator), and no device is deactivated, because deactivating would silently cut the app off from its
 * whole audience. Pure.
 */
public final class CredentialMismatch {
    static final Set<String> NOT_FOR_THIS_SENDER = Set.of("SENDER_ID_MISMATCH", "BadDeviceToken", "DeviceTokenNotForTopic");
    static final String SUFFIX = " (every device of the batch was refused so: check the app's credential, its project,"
            + " bundle id and environment; no device was deactivated)";

    public static List<Answer> review(List<Answer> answers) {
        if (answers.size() < 2 || !answers.stream().allMatch(a -> a.verdict() == Verdict.DEAD_TOKEN
                && NOT_FOR_THIS_SENDER.contains(a.reason()))) {
            return answers;
        }
        return answers.stream().map(a -> a.withVerdict(Verdict.OPERATOR_FAULT, a.reason() + SUFFIX)).toList();
    }

    private CredentialMismatch() {
    }
}
