package dev.tidings.gateway;

import dev.tidings.contracts.ApiException;
import dev.tidings.contracts.ErrorCodes;
import dev.tidings.gateway.mapping.PublishRules;
import java.util.List;

/** Who is calling: an app, through one of its API keys and that key's publish rules. */
public record Caller(String appId, String keyId, List<PublishRules.Rule> publishRules) {

    /** @throws ApiException 403/5007 when this key may not publish to the channel */
    public void requireMayPublish(String channel) {
        if (!PublishRules.allows(publishRules, channel)) {
            throw new ApiException(403, ErrorCodes.NO_PUBLISH_PERMISSION,
                    "this API key has no permission to publish to channel " + channel);
        }
    }
}
