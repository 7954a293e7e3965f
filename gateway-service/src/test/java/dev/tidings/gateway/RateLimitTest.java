package dev.tidings.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.tidings.devstack.launch.StackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway with low per-app limits: calls over them get 429/5924 with Retry-After; other apps are not held back. */
@QuarkusTest
@TestProfile(RateLimitTest.LowLimits.class)
@QuarkusTestResource(value = StackResource.class, initArgs = @ResourceArg(name = "service", value = "gateway"))
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tidings.rate-limits.publish-per-second", "0.2", "tidings.rate-limits.publish-burst", "2",
                    "tidings.rate-limits.registration-per-second", "0.2", "tidings.rate-limits.registration-burst", "2");
        }
    }

    @Test
    void publishesOverTheAppsLimitAreRefusedWithRetryAfter() {
        TestApp app = TestApp.create("limited");
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").body("{\"message\":\"m\"}").post(app.base() + "/news").then().statusCode(200);
        }
        given().contentType("application/json").body("{\"message\":\"m\"}").post(app.base() + "/news").then()
                .statusCode(429).body("code", equalTo(5924)).header("Retry-After", equalTo("5"));
        // template sends count as publishes
        given().contentType("application/json").body("{}").post(app.base() + "/push/any").then().statusCode(429);
        // another app has its own limit
        TestApp other = TestApp.create("unlimited");
        given().contentType("application/json").body("{\"message\":\"m\"}").post(other.base() + "/news").then().statusCode(200);
    }

    @Test
    void registrationsOverTheAppsLimitAreRefusedWithRetryAfter() {
        TestApp app = TestApp.create("registering");
        for (int i = 0; i < 2; i++) {
            // template-service is not running here: what matters is that the call is not refused as too many
            int status = given().contentType("application/json").body("{}").post(app.base() + "/registrations").then()
                    .extract().statusCode();
            org.junit.jupiter.api.Assertions.assertNotEquals(429, status);
        }
        given().contentType("application/json").body("{}").post(app.base() + "/registrations").then()
                .statusCode(429).body("code", equalTo(5924)).header("Retry-After", notNullValue());
        given().delete(app.base() + "/registrations/d1").then().statusCode(429);
    }
}
