package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lisiere.core.sql.AlterModelStatement;
import org.lisiere.core.sql.CreateModelStatement;
import org.lisiere.core.sql.DropModelStatement;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.TableName;

/** Runs CREATE MODEL, DROP MODEL and SHOW MODELS against the registry. */
public final class ModelStatements {
    private final EngineSession engine;
    private final ModelRegistry registry;
    private final MlFunctions functions;

    public ModelStatements(EngineSession engine, ModelRegistry registry) {
        this.engine = requireNonNull(engine, "engine is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.functions = new MlFunctions(registry);
    }

    public MlFunctions functions() {
        return functions;
    }

    /** Trains and stores a new version; returns the summary line. */
    public String create(CreateModelStatement statement, String statementText) {
        String name = statement.name();
        boolean exists = registry.find(name).isPresent();
        if (exists && statement.ifNotExists()) {
            return "Model " + name + " already exists; nothing done";
        }
        if (exists && !statement.orReplace()) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Model '" + name + "' already exists; use CREATE OR"
                    + " REPLACE MODEL to train a new version");
        }
        if (engine.findTable(TableName.of(name)).isPresent()) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "A table named '" + name + "' exists; models and"
                    + " tables share one namespace");
        }
        String modelType = modelType(statement.options());
        if (statement.transform().isPresent()) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "CREATE MODEL: TRANSFORM is not available"
                    + " yet; compute the inputs in the query");
        }
        LinearOptions options = LinearOptions.parse(modelType, statement.options());
        long started = System.nanoTime();
        TrainingData data;
        try (QueryResult result = engine.execute(functions.rewrite(statement.query()))) {
            data = TrainingData.read(result);
        }
        Trained trained = modelType.equals("logistic_reg")
                ? LogisticRegressionTrainer.train(name, data, options)
                : LinearRegressionTrainer.train(name, data, options);
        long millis = (System.nanoTime() - started) / 1_000_000;
        int version = registry.nextVersion(name);
        Provenance provenance = new Provenance(statementText, data.rows(), data.fingerprint(), options.seed(),
                engine.engine().name() + " " + engine.engine().version(), lisiereVersion(),
                Instant.now().toString(), millis);
        registry.add(new ModelVersion(ModelVersion.FORMAT_VERSION, name, version, modelType, options.effective(),
                trained.model(), trained.metrics(), provenance, trained.classes(), trained.labelType()));
        String keyMetric = trained.classes().isEmpty() ? "r2_score" : "roc_auc";
        return String.format(Locale.ROOT, "Created model %s version %d (%s, %d training rows, %d evaluation rows,"
                + " %s %.6f)", name, version, modelType, trained.trainingRows(), trained.evaluationRows(), keyMetric,
                trained.metrics().get(keyMetric));
    }

    private static String modelType(Map<String, OptionValue> options) {
        OptionValue type = options.get("model_type");
        if (type == null) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "CREATE MODEL needs OPTIONS (model_type = ...);"
                    + " available: 'linear_reg', 'logistic_reg'");
        }
        String value = type.asString().toLowerCase(Locale.ROOT);
        if (!value.equals("linear_reg") && !value.equals("logistic_reg")) {
            throw type.invalid("'linear_reg' or 'logistic_reg' (the model types this version trains)");
        }
        return value;
    }

    public String drop(DropModelStatement statement) {
        if (registry.find(statement.name()).isEmpty()) {
            if (statement.ifExists()) {
                return "Model " + statement.name() + " does not exist; nothing done";
            }
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + statement.name() + "' does not exist");
        }
        if (statement.version().isPresent()) {
            registry.dropVersion(statement.name(), statement.version().get());
            return "Dropped version " + statement.version().get() + " of model " + statement.name();
        }
        registry.drop(statement.name());
        return "Dropped model " + statement.name();
    }

    public String alter(AlterModelStatement statement) {
        registry.activate(statement.name(), statement.activeVersion());
        return "Model " + statement.name() + " now serves version " + statement.activeVersion();
    }

    /** DESCRIBE MODEL: one row per fact, as (section, name, value). */
    public List<Object[]> describe(String name) {
        ModelRegistry.Entry entry = registry.find(name).orElseThrow(() -> new LisiereException(
                ErrorCode.UNKNOWN_OBJECT, "Model '" + name + "' does not exist"));
        ModelVersion active = registry.version(name, entry.activeVersion());
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"model", "name", entry.name()});
        rows.add(new Object[] {"model", "model_type", active.modelType()});
        rows.add(new Object[] {"model", "active_version", Integer.toString(entry.activeVersion())});
        rows.add(new Object[] {"model", "label", active.linear().label()});
        new java.util.TreeMap<>(active.options()).forEach((k, v) -> rows.add(new Object[] {"option", k, v}));
        new java.util.TreeMap<>(active.metrics()).forEach((metric, value) -> rows.add(new Object[] {"metric",
                metric, String.valueOf(value)}));
        active.linear().numeric().forEach(f -> rows.add(new Object[] {"feature", f.name(), "numeric"}));
        active.linear().categorical().forEach(f -> rows.add(new Object[] {"feature", f.name(),
                "categorical (" + f.categories().size() + " categories)"}));
        Provenance p = active.provenance();
        rows.add(new Object[] {"provenance", "statement", p.statement()});
        rows.add(new Object[] {"provenance", "training_rows", Long.toString(p.trainingRows())});
        rows.add(new Object[] {"provenance", "data_fingerprint", p.dataFingerprint()});
        rows.add(new Object[] {"provenance", "seed", Long.toString(p.seed())});
        rows.add(new Object[] {"provenance", "engine", p.engine()});
        rows.add(new Object[] {"provenance", "lisiere_version", p.lisiereVersion()});
        rows.add(new Object[] {"provenance", "created_at", p.createdAt()});
        rows.add(new Object[] {"provenance", "duration_ms", Long.toString(p.durationMillis())});
        for (int version : entry.versions()) {
            ModelVersion v = registry.version(name, version);
            rows.add(new Object[] {"version", Integer.toString(version), v.provenance().createdAt()
                    + (version == entry.activeVersion() ? " (active)" : "")});
        }
        return rows;
    }

    /** One row per model: name, model_type, active_version, versions, created_at. */
    public List<Object[]> show() {
        List<Object[]> rows = new ArrayList<>();
        for (ModelRegistry.Entry entry : registry.list()) {
            ModelVersion active = registry.version(entry.name(), entry.activeVersion());
            rows.add(new Object[] {entry.name(), active.modelType(), (long) entry.activeVersion(),
                    (long) entry.versions().size(), active.provenance().createdAt()});
        }
        return rows;
    }

    private static String lisiereVersion() {
        String version = ModelStatements.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
