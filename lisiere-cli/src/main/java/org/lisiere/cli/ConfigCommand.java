package org.lisiere.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.ConfigValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lisiere config}: the effective value of every setting and where it came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Prints the effective configuration: every setting, its value and its source.",
                "Precedence: flag > environment (LISIERE_*) > config file (lisiere.toml) > default."})
final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Config config = ConfigFlags.load(spec);
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-14s %-22s %-26s %s%n";
        out.printf(format, "setting", "value", "source", "environment variable");
        for (ConfigValue<?> value : config.values()) {
            out.printf(format, value.setting().key(), value.formatted(), value.source(),
                    value.setting().environmentVariable());
        }
        return 0;
    }
}
