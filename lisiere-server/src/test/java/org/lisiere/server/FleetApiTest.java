package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The core's side of edge sites: CREATE SITE, enrollment, heartbeats, site tables and deployments. */
class FleetApiTest extends ServerTest {
    /** Creates a site in {@code project} and returns its enrollment token. */
    private String createSite(String project, String admin, String sql) {
        ServerFixture.Answer created = server.query(project, admin, sql);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().path("rows").get(0).get(1).asText();
    }

    private String enroll(String enrollmentToken) {
        ServerFixture.Answer enrolled = server.post("/v1/enroll", null, "{\"enrollment_token\": \"" + enrollmentToken
                + "\"}");
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        return enrolled.json().path("credential").asText();
    }

    private JsonNode heartbeat(String credential, String report) {
        ServerFixture.Answer state = server.post("/v1/site/heartbeat", credential, report);
        assertThat(state.status()).as(state.body()).isEqualTo(200);
        return state.json();
    }

    @Test
    void aSiteEnrollsOnceWithItsTokenAndThenHoldsACredential() {
        String admin = server.project("shop", "admin");
        ServerFixture.Answer created = server.query("shop", admin, "CREATE SITE paris OPTIONS (labels = ['retail'])");
        assertThat(created.json().path("columns").toString()).isEqualTo("[{\"name\":\"site\",\"type\":\"VARCHAR\"},"
                + "{\"name\":\"enrollment_token\",\"type\":\"VARCHAR\"},{\"name\":\"expires_at\",\"type\":"
                + "\"TIMESTAMP WITH TIME ZONE\"}]");
        String token = created.json().path("rows").get(0).get(1).asText();
        assertThat(token).startsWith("lse_").hasSize(47);

        ServerFixture.Answer enrolled = server.post("/v1/enroll", null, "{\"enrollment_token\": \"" + token + "\"}");
        assertThat(enrolled.json().path("project").asText()).isEqualTo("shop");
        assertThat(enrolled.json().path("site").asText()).isEqualTo("paris");
        String credential = enrolled.json().path("credential").asText();
        assertThat(credential).startsWith("lsr_");

        ServerFixture.Answer again = server.post("/v1/enroll", null, "{\"enrollment_token\": \"" + token + "\"}");
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.json().path("detail").asText()).isEqualTo("The enrollment token is unknown, was already"
                + " used or expired; create a new one with CREATE SITE (after DROP SITE)");
        JsonNode state = heartbeat(credential, "{}");
        assertThat(state.path("project").asText()).isEqualTo("shop");
        assertThat(state.path("site").asText()).isEqualTo("paris");
        assertThat(server.query("shop", credential, "SELECT 1").status()).isEqualTo(403);
        assertThat(server.get("/v1/projects/shop/tables", credential).status()).isEqualTo(403);
    }

    @Test
    void onlyAdminsCreateSitesAndEveryoneSeesThem() {
        String admin = server.project("shop", "admin");
        String writer = server.token("shop", "writer");
        String reader = server.token("shop", "reader");
        ServerFixture.Answer refused = server.query("shop", writer, "CREATE SITE s1");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).isEqualTo("CREATE SITE needs an admin token of project"
                + " 'shop' (it hands out site credentials); this is a writer token");
        String credential = enroll(createSite("shop", admin, "CREATE SITE s1 OPTIONS (labels = ['retail', 'fr'])"));
        createSite("shop", admin, "CREATE SITE s2");
        heartbeat(credential, "{\"deployed\": {\"churn\": 2}, \"backlog_rows\": 12, \"sync_lag_seconds\": 3,"
                + " \"disk_bytes\": 4096}");

        ServerFixture.Answer sites = server.query("shop", reader, "SHOW SITES");
        assertThat(sites.status()).as(sites.body()).isEqualTo(200);
        JsonNode rows = sites.json().path("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0).asText() + " " + rows.get(0).get(1).asText() + " " + rows.get(0).get(2).asText()
                + " " + rows.get(0).get(5).asText() + " " + rows.get(0).get(6) + " " + rows.get(0).get(7) + " "
                + rows.get(0).get(8)).isEqualTo("s1 retail, fr online churn v2 12 3 4096");
        assertThat(rows.get(1).get(2).asText()).isEqualTo("pending");
        ServerFixture.Answer table = server.query("shop", reader,
                "SELECT site, status FROM lisiere.sites WHERE backlog_rows > 10");
        assertThat(table.json().path("rows").toString()).isEqualTo("[[\"s1\",\"online\"]]");
    }

    @Test
    void siteTablesReachEverySiteAndGrowColumns() {
        String admin = server.project("shop", "admin");
        String credential = enroll(createSite("shop", admin, "CREATE SITE s1"));
        assertThat(server.query("shop", admin, "CREATE SITE TABLE pos (store VARCHAR, amount DECIMAL(10, 2)) OPTIONS"
                + " (retention = '3 days')").json().path("summary").asText())
                .isEqualTo("Created site table pos at every site of project shop");
        assertThat(server.query("shop", admin, "ALTER SITE TABLE pos ADD COLUMN ts TIMESTAMP").status())
                .isEqualTo(200);

        JsonNode state = heartbeat(credential, "{}");

        assertThat(state.path("tables").toString()).isEqualTo("[{\"name\":\"pos\",\"residency\":\"site\","
                + "\"retention_seconds\":259200,\"columns\":[{\"name\":\"store\",\"type\":\"VARCHAR\"},{\"name\":"
                + "\"amount\",\"type\":\"DECIMAL(10, 2)\"},{\"name\":\"ts\",\"type\":\"TIMESTAMP\"}],"
                + "\"pseudonymise\":[],\"mqtt_topic\":null}]");
        ServerFixture.Answer unknownType = server.query("shop", admin, "CREATE SITE TABLE t (a NUMBERISH)");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().path("detail").asText()).isEqualTo("Column 'a' has unknown type 'NUMBERISH'");
    }

    @Test
    void aSiteTableIsDroppedOnlyOnceNoScoringOrSyncReadsIt() {
        String admin = server.project("shop", "admin");
        server.query("shop", admin, "CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE)");
        server.query("shop", admin, "CREATE MODEL big OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'])"
                + " AS SELECT x::DOUBLE AS amount, 2 * x AS y FROM range(10) t(x)");
        assertThat(server.query("shop", admin, "CREATE SCORING big_live ON pos USING MODEL big").status())
                .isEqualTo(200);
        assertThat(server.query("shop", admin, "CREATE SYNC totals FROM SITES EVERY '1 minute' AS SELECT count(*)"
                + " AS n FROM pos").status()).isEqualTo(200);

        ServerFixture.Answer refused = server.query("shop", admin, "DROP SITE TABLE pos");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).isEqualTo("Site table pos is read by scoring big_live,"
                + " sync totals; drop them first");
        server.query("shop", admin, "DROP SYNC totals");
        server.query("shop", admin, "DROP SCORING big_live");
        assertThat(server.query("shop", admin, "DROP SITE TABLE pos").json().path("summary").asText())
                .isEqualTo("Dropped site table pos at every site");
    }

    @Test
    void deploymentsFollowLabelsAndOnlyDeployedVersionsDownload() {
        String admin = server.project("shop", "admin");
        String retail = enroll(createSite("shop", admin, "CREATE SITE s1 OPTIONS (labels = ['retail'])"));
        String office = enroll(createSite("shop", admin, "CREATE SITE s2 OPTIONS (labels = ['office'])"));
        server.query("shop", admin, "CREATE MODEL m OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'])"
                + " AS SELECT x, 2 * x + 1 AS y FROM range(10) t(x)");
        server.query("shop", admin, "CREATE OR REPLACE MODEL m OPTIONS (model_type = 'linear_reg',"
                + " input_label_cols = ['y']) AS SELECT x, 3 * x AS y FROM range(10) t(x)");

        assertThat(server.query("shop", admin, "DEPLOY MODEL m VERSION 1 TO SITES WHERE 'retail' IN labels").json()
                .path("summary").asText()).isEqualTo("Deployed model m version 1 to SITES WHERE 'retail' IN labels");

        assertThat(heartbeat(retail, "{}").path("deployments").toString())
                .isEqualTo("[{\"model\":\"m\",\"version\":1}]");
        assertThat(heartbeat(office, "{}").path("deployments").toString()).isEqualTo("[]");
        ServerFixture.Answer file = server.get("/v1/site/models/m/versions/1", retail);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.json().path("version").asInt()).isEqualTo(1);
        assertThat(server.get("/v1/site/models/m/versions/1", office).status()).isEqualTo(403);
        assertThat(server.get("/v1/site/models/m/versions/2", retail).status()).isEqualTo(403);

        server.query("shop", admin, "DEPLOY MODEL m TO SITE s1");
        assertThat(heartbeat(retail, "{}").path("deployments").toString())
                .isEqualTo("[{\"model\":\"m\",\"version\":2}]");
        server.query("shop", admin, "UNDEPLOY MODEL m FROM SITES");
        assertThat(heartbeat(retail, "{}").path("deployments").toString()).isEqualTo("[]");
        ServerFixture.Answer missing = server.query("shop", admin, "DEPLOY MODEL m VERSION 7 TO SITES");
        assertThat(missing.json().path("detail").asText()).isEqualTo("Model 'm' has no version 7; its versions:"
                + " [1, 2]");
        assertThat(server.query("shop", admin, "DEPLOY MODEL m TO SITE nowhere").json().path("detail").asText())
                .isEqualTo("No site 'nowhere' in project 'shop'; its sites: s1, s2");
    }

    @Test
    void droppingASiteRevokesItsCredentialAtOnce() {
        String admin = server.project("shop", "admin");
        String credential = enroll(createSite("shop", admin, "CREATE SITE s1"));
        heartbeat(credential, "{}");

        assertThat(server.query("shop", admin, "DROP SITE s1").json().path("summary").asText())
                .isEqualTo("Dropped site s1; its credential is revoked");

        ServerFixture.Answer refused = server.post("/v1/site/heartbeat", credential, "{}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("detail").asText()).isEqualTo("The token is unknown or was revoked");
    }

    @Test
    void siteCredentialsComeOnlyFromEnrollment() {
        server.project("shop", "admin");
        ServerFixture.Answer created = server.post("/v1/tokens", server.adminToken,
                "{\"project\": \"shop\", \"role\": \"site\"}");
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().path("detail").asText()).isEqualTo("Site credentials are issued when a site"
                + " enrolls: create the site with CREATE SITE and start bin/lisiere edge with its enrollment token");
    }
}
