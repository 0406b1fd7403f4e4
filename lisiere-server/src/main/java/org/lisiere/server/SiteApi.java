package org.lisiere.server;

import io.javalin.http.Context;
import java.util.Map;
import org.lisiere.core.fleet.SiteState;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The endpoints edge sites call: {@code POST /v1/enroll} exchanges an enrollment token for a credential;
 * with that credential, {@code POST /v1/site/heartbeat} reports the site's status and answers with its
 * {@link SiteState}, and {@code GET /v1/site/models/{model}/versions/{version}} downloads a model version deployed to
 * the site. A site reaches nothing else: no query, no other site's deployments.
 */
final class SiteApi {
    private SiteApi() {}

    /** {@code POST /v1/enroll {"enrollment_token": "lse_…"}} → {@code {"project", "site", "credential"}}. */
    static void enroll(Context ctx, Fleets fleets) {
        String token = Requests.text(Requests.body(ctx), "enrollment_token");
        Fleets.Enrolled enrolled = fleets.enroll(token);
        ctx.attribute(LisiereServer.PROJECT, enrolled.project());
        ctx.status(201).json(Map.of("project", enrolled.project(), "site", enrolled.site(),
                "credential", enrolled.credential()));
    }

    static void heartbeat(Context ctx, Principal site, Fleets fleets) {
        ctx.contentType("application/json").result(fleets.heartbeat(requireSite(site), Requests.body(ctx))
                .toJson().toString());
    }

    /** The model file, only of a version deployed to the calling site. */
    static void model(Context ctx, Principal site, Fleets fleets, Projects projects) {
        requireSite(site);
        String model = ctx.pathParam("model");
        String version = ctx.pathParam("version");
        SiteState state = fleets.store(site.project().orElseThrow()).state(site.site().orElseThrow());
        boolean deployed = state.deployments().stream().anyMatch(d -> d.model().equals(model)
                && Integer.toString(d.version()).equals(version));
        if (!deployed) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "Model '" + model + "' version " + version
                    + " is not deployed to site '" + site.site().get() + "'");
        }
        byte[] file = projects.get(site.project().get()).lisiere().models().versionFile(model,
                Integer.parseInt(version));
        ctx.contentType("application/json").result(file);
    }

    private static Principal requireSite(Principal principal) {
        if (principal.role() != Role.SITE || principal.site().isEmpty()) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "Only an edge site's credential may call the"
                    + " site endpoints; this is a " + principal.role().label() + " token");
        }
        return principal;
    }
}
