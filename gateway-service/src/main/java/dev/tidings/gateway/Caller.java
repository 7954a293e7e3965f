package dev.tidings.gateway;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.gateway.mapping.PublishRules;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: an app, through one of its API keys and that key's publish rules; and, when the request
 * carried a valid {@code user-token}, which of the app's users, with that user's roles.
 *
 * @param userId null without a user-token
 * @param roles  {@code NotAuthenticatedUser} without a user-token; {@code AuthenticatedUser} and the token's roles with one
 */
public record Caller(String appId, String keyId, List<PublishRules.Rule> publishRules, String userId, Set<String> roles) {

    /** @throws ApiException 403/5007 when this caller may not publish to the channel */
    public void requireMayPublish(String channel) {
        if (!PublishRules.allows(publishRules, channel, roles)) {
            throw new ApiException(403, ErrorCodes.NO_PUBLISH_PERMISSION, userId == null
                    ? "this API key has no permission to publish to channel " + channel
                    : "this API key, for this user, has no permission to publish to channel " + channel);
        }
    }
}
