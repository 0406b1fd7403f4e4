package org.lisiere.core.fleet;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which sites a deployment names: one site ({@code TO SITE s1}), or every site of the project that carries all of
 * {@code labels} ({@code TO SITES WHERE 'retail' IN labels AND 'fr' IN labels}; no labels: every site). Label
 * selectors are evaluated whenever a site asks, so a site created later with the labels gets the deployment too.
 */
public record SiteSelector(Optional<String> site, List<String> labels) {
    public SiteSelector {
        requireNonNull(site, "site is null");
        labels = List.copyOf(requireNonNull(labels, "labels is null"));
        if (site.isPresent() && !labels.isEmpty()) {
            throw new IllegalArgumentException("a selector names one site or labels, not both");
        }
    }

    public static SiteSelector site(String name) {
        return new SiteSelector(Optional.of(name), List.of());
    }

    public static SiteSelector labelled(List<String> labels) {
        return new SiteSelector(Optional.empty(), labels);
    }

    /** Whether the site {@code name} with {@code siteLabels} is selected. */
    public boolean matches(String name, List<String> siteLabels) {
        return site.map(name::equals).orElseGet(() -> siteLabels.containsAll(labels));
    }

    /** The selector as written in SQL ({@code SITE s1}, {@code SITES WHERE 'retail' IN labels}, {@code SITES}). */
    public String describe() {
        if (site.isPresent()) {
            return "SITE " + site.get();
        }
        return labels.isEmpty() ? "SITES" : labels.stream().map(l -> "'" + l.replace("'", "''") + "' IN labels")
                .collect(Collectors.joining(" AND ", "SITES WHERE ", ""));
    }
}
