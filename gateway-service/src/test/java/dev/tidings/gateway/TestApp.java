package dev.tidings.gateway;

import static io.restassured.RestAssured.given;

import dev.tidings.devstack.launch.StackResource;
import io.restassured.path.json.JsonPath;

/** A fresh app, created through the admin API, with its first key and the messaging base path. */
record TestApp(String appId, String apiKey) {

    static TestApp create(String name) {
        JsonPath app = given().header("Authorization", "Bearer " + StackResource.ADMIN_TOKEN)
                .contentType("application/json").body("{\"name\":\"" + name + "\"}").post("/admin/apps")
                .then().statusCode(200).extract().jsonPath();
        return new TestApp(app.getString("appId"), app.getString("apiKey"));
    }

    /** {@code /{appId}/{apiKey}/messaging} */
    String base() {
        return "/" + appId + "/" + apiKey + "/messaging";
    }
}
