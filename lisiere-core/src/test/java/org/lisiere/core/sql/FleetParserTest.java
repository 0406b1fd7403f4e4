package org.lisiere.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lisiere.core.fleet.Residency;
import org.lisiere.core.fleet.SiteSelector;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

class FleetParserTest {
    private static ParsedStatement parse(String sql) {
        return StatementParser.parse(ScriptStatement.single(sql));
    }

    @Test
    void parsesCreateSiteWithLabels() {
        assertThat(parse("CREATE SITE Paris_Store_12 OPTIONS (labels = ['retail', 'fr-idf', 'retail'])"))
                .isEqualTo(new FleetStatement.CreateSite("paris_store_12", List.of("retail", "fr-idf")));
        assertThat(parse("create site s1")).isEqualTo(new FleetStatement.CreateSite("s1", List.of()));
    }

    @Test
    void parsesSiteTableWithTypesAndOptions() {
        FleetStatement.CreateSiteTable create = (FleetStatement.CreateSiteTable) parse("CREATE SITE TABLE pos ("
                + "store VARCHAR, ts TIMESTAMP, amount DECIMAL(10, 2), card_hash VARCHAR) OPTIONS (residency ="
                + " 'pseudonymised', pseudonymise = ['CARD_HASH'], retention = '2 weeks', mqtt_topic = 'stores/+/pos')");

        assertThat(create.table()).isEqualTo(new SiteTableDefinition("pos", List.of(
                new ColumnDefinition("store", "VARCHAR"), new ColumnDefinition("ts", "TIMESTAMP"),
                new ColumnDefinition("amount", "DECIMAL(10, 2)"), new ColumnDefinition("card_hash", "VARCHAR")),
                Residency.PSEUDONYMISED, Duration.ofDays(14), List.of("card_hash"), Optional.of("stores/+/pos")));
        assertThat(create.ifNotExists()).isFalse();
    }

    @Test
    void siteTablesStayAtTheirSiteForSevenDaysUnlessToldOtherwise() {
        FleetStatement.CreateSiteTable create = (FleetStatement.CreateSiteTable) parse(
                "CREATE SITE TABLE IF NOT EXISTS t (a BIGINT)");

        assertThat(create.table().residency()).isEqualTo(Residency.SITE);
        assertThat(create.table().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(create.ifNotExists()).isTrue();
    }

    @Test
    void rejectsBadSiteTableOptionsNamingThem() {
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (a BIGINT) OPTIONS (residency = 'cloud')"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).isEqualTo("Option 'residency': 'cloud' is not allowed; expected"
                            + " 'site', 'pseudonymised' or 'open'");
                    assertThat(e.position()).contains(new SourcePosition(1, 53));
                });
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (a BIGINT) OPTIONS (retention = 'forever')"))
                .hasMessage("Option 'retention': 'forever' is not allowed; expected a whole number and a unit, such"
                        + " as '30 seconds', '1 minute', '6 hours', '7 days' or '2 weeks'");
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (a BIGINT) OPTIONS (colour = 'red')"))
                .hasMessage("Unknown option 'colour' for CREATE SITE TABLE; allowed: residency, retention,"
                        + " pseudonymise, mqtt_topic");
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (a BIGINT) OPTIONS (residency = 'pseudonymised',"
                + " pseudonymise = ['b'])"))
                .hasMessage("Option 'pseudonymise': [ is not allowed; expected columns of the table (a)");
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (a BIGINT) OPTIONS (residency = 'pseudonymised')"))
                .hasMessage("Option 'residency': 'pseudonymised' is not allowed; expected 'pseudonymised' together"
                        + " with pseudonymise = ['column', ...]");
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (a BIGINT, A VARCHAR)"))
                .hasMessage("Column 'A' is declared twice");
        assertThatThrownBy(() -> parse("CREATE SITE TABLE t (_lisiere_seq BIGINT)"))
                .hasMessage("Column names starting with _lisiere are reserved for the edge's own columns");
    }

    @Test
    void parsesDeploymentsToOneSiteOrLabelledSites() {
        assertThat(parse("DEPLOY MODEL fraud VERSION 3 TO SITES WHERE 'retail' IN labels AND 'fr' IN LABELS"))
                .isEqualTo(new FleetStatement.DeployModel("fraud", Optional.of(3),
                        SiteSelector.labelled(List.of("retail", "fr"))));
        assertThat(parse("DEPLOY MODEL fraud TO SITE s1")).isEqualTo(new FleetStatement.DeployModel("fraud",
                Optional.empty(), SiteSelector.site("s1")));
        assertThat(parse("DEPLOY MODEL fraud TO SITES")).isEqualTo(new FleetStatement.DeployModel("fraud",
                Optional.empty(), SiteSelector.labelled(List.of())));
        assertThat(parse("UNDEPLOY MODEL fraud FROM SITE s1")).isEqualTo(new FleetStatement.UndeployModel("fraud",
                SiteSelector.site("s1")));
    }

    @Test
    void parsesTheOtherSiteStatements() {
        assertThat(parse("SHOW SITES")).isEqualTo(new FleetStatement.ShowSites());
        assertThat(parse("DROP SITE IF EXISTS s1")).isEqualTo(new FleetStatement.DropSite("s1", true));
        assertThat(parse("DROP SITE TABLE t")).isEqualTo(new FleetStatement.DropSiteTable("t", false));
        assertThat(parse("ALTER SITE TABLE t ADD COLUMN note VARCHAR")).isEqualTo(
                new FleetStatement.AddSiteTableColumn("t", new ColumnDefinition("note", "VARCHAR")));
    }

    @Test
    void parsesSyncsWithTheirQueryAsWritten() {
        assertThat(parse("CREATE SYNC pos_minutely FROM SITES WHERE 'retail' IN labels EVERY '1 minute' AS\n"
                + "  SELECT count(*) AS n FROM pos WHERE ts > LAST")).isEqualTo(new FleetStatement.CreateSync(
                "pos_minutely", SiteSelector.labelled(List.of("retail")), Duration.ofMinutes(1),
                "SELECT count(*) AS n FROM pos WHERE ts > LAST"));
        assertThat(parse("DROP SYNC IF EXISTS s")).isEqualTo(new FleetStatement.DropSync("s", true));
        assertThatThrownBy(() -> parse("CREATE SYNC s FROM SITES EVERY '1 fortnight' AS SELECT 1"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("EVERY '1 fortnight' is not an interval; expected a whole"
                            + " number and a unit, such as '30 seconds', '1 minute', '6 hours', '7 days' or '2 weeks'");
                    assertThat(e.position()).contains(new SourcePosition(1, 32));
                });
    }

    @Test
    void parsesScoringsWithAnOptionalAlert() {
        assertThat(parse("CREATE SCORING fraud_live ON pos USING MODEL fraud")).isEqualTo(
                new FleetStatement.CreateScoring("fraud_live", "pos", "fraud", Optional.empty(), Optional.empty()));
        assertThat(parse("CREATE SCORING fraud_live ON pos USING MODEL fraud WHEN predicted_label = 1 AND amount >"
                + " 100 ALERT 'https://hooks.example/fraud'")).isEqualTo(new FleetStatement.CreateScoring(
                "fraud_live", "pos", "fraud", Optional.of("predicted_label = 1 AND amount > 100"),
                Optional.of("https://hooks.example/fraud")));
        assertThatThrownBy(() -> parse("CREATE SCORING s ON pos USING MODEL m WHEN predicted_label = 1"))
                .hasMessage("Expected ALERT 'url' after the condition but the statement ended");
        assertThatThrownBy(() -> parse("CREATE SCORING s ON pos USING MODEL m WHEN true ALERT 'file:///etc/x'"))
                .hasMessage("The alert URL must start with http:// or https://, not 'file:///etc/x'");
        assertThat(parse("DROP SCORING s")).isEqualTo(new FleetStatement.DropScoring("s", false));
    }

    @Test
    void rejectsSiteNamesThatCannotNameADirectory() {
        assertThatThrownBy(() -> parse("CREATE SITE \"../etc\""))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Invalid site name '../etc': use 1 to 63 letters, digits"
                            + " and underscores, starting with a letter");
                });
        assertThatThrownBy(() -> parse("DEPLOY MODEL m TO SITES WHERE retail IN labels"))
                .hasMessage("Expected a label (a quoted string) but found 'retail'");
    }
}
