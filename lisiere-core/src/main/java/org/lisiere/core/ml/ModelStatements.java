package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.sql.AlterModelStatement;
import org.lisiere.core.sql.CreateModelStatement;
import org.lisiere.core.sql.DropModelStatement;
import org.lisiere.core.sql.ExportModelStatement;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.Capability;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.TableName;

/** Runs CREATE MODEL, DROP MODEL and SHOW MODELS against the registry. */
public final class ModelStatements {
    private static final List<String> MODEL_TYPES = List.of("linear_reg", "logistic_reg", "kmeans",
            "boosted_tree_classifier", "boosted_tree_regressor", "random_forest_classifier", "random_forest_regressor",
            "xgboost", "onnx");

    private final EngineSession engine;
    private final ModelRegistry registry;
    private final java.util.function.Consumer<org.lisiere.spi.FloatFunction> register;
    private final MlFunctions functions;
    private final TrainingMonitor monitor = new TrainingMonitor();

    private final org.lisiere.core.FileAccess files;

    /** @param files where the model files that imports name are */
    public ModelStatements(EngineSession engine, ModelRegistry registry, org.lisiere.core.FileAccess files) {
        this.engine = requireNonNull(engine, "engine is null");
        this.files = requireNonNull(files, "files is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.register = function -> {
            engine.engine().requireCapability(Capability.JAVA_FUNCTIONS, "scoring tree models");
            engine.registerFunction(function);
        };
        this.functions = new MlFunctions(registry, data -> {
            try (QueryResult result = engine.execute("SELECT * FROM " + data + " AS __lisiere_input LIMIT 0")) {
                return result.schema();
            }
        }, register);
    }

    public MlFunctions functions() {
        return functions;
    }

    /** The progress and cancellation of the CREATE MODEL that is running, if any. */
    public TrainingMonitor monitor() {
        return monitor;
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
        String autoDeploy = autoDeploy(statement.options());
        boolean imported = ModelImport.MODEL_TYPES.contains(modelType);
        if (imported != statement.query().isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "CREATE MODEL " + name + ": model_type '"
                    + modelType + (imported ? "' imports the model in model_path and takes no AS query"
                    : "' trains on the rows of a query: add AS SELECT ... after OPTIONS (...)"));
        }
        if (imported) {
            return importModel(statement, statementText, modelType, autoDeploy);
        }
        monitor.start(name);
        try {
            return train(statement, statementText, name, exists, modelType, autoDeploy);
        } finally {
            monitor.finish();
        }
    }

    private String train(CreateModelStatement statement, String statementText, String name, boolean exists,
            String modelType, String autoDeploy) {
        long started = System.nanoTime();
        String query = functions.rewrite(statement.query().orElseThrow());
        List<TransformColumn> transform = statement.transform()
                .map(text -> TransformCompiler.compile(name, text, query, engine)).orElse(List.of());
        TrainingData data;
        monitor.phase("reading the training data");
        try (QueryResult result = engine.scan(transform.isEmpty() ? query
                : TransformCompiler.apply(transform, query))) {
            data = TrainingDataReader.read(result, monitor);
        }
        // the fingerprint reads every value once more: on the cores the training leaves idle, while it runs
        java.util.concurrent.CompletableFuture<String> fingerprint = monitor.meanwhile(data::fingerprint);
        Training training;
        List<ModelVersion.Trial> trials = List.of();
        Optional<Tuning.Plan> plan = Tuning.plan(modelType, statement.options(), seedOf(statement.options()));
        if (plan.isPresent()) {
            TunedTraining tuned = tune(modelType, name, data, plan.get(), monitor);
            training = tuned.best();
            trials = tuned.trials();
        } else {
            training = train(modelType, name, data, statement.options(), monitor);
        }
        Trained trained = training.trained();
        Map<String, String> effective = new java.util.HashMap<>(training.effective());
        plan.ifPresent(p -> effective.putAll(p.effective()));
        long seed = training.seed();
        effective.put("auto_deploy", autoDeploy);
        int version = registry.nextVersion(name);
        ModelVersion model = version(name, version, modelType, effective, trained, provenance(statementText,
                data.rows(), fingerprint.join(), seed, started), transform, trials, Optional.empty());
        if (Boolean.parseBoolean(effective.get("enable_global_explain"))) {
            monitor.phase("explaining the model over the training query");
            GlobalExplanations.Explanations explanations = new GlobalExplanations(engine, register).of(model, query);
            model = model.withGlobalExplain(explanations.global(), explanations.perClass());
        }
        String keyMetric = trained.keyMetric();
        boolean activate = !exists || autoDeploy.equals("always") || isBetter(keyMetric,
                trained.metrics().get(keyMetric), registry.active(name).metrics().get(keyMetric));
        monitor.phase("storing version " + version);
        registry.add(model, activate);
        String summary = String.format(Locale.ROOT, "Created model %s version %d (%s, %d training rows, %d evaluation"
                + " rows, %s %.6f)", name, version, modelType, trained.trainingRows(), trained.evaluationRows(),
                keyMetric, trained.metrics().get(keyMetric));
        return activate ? summary : summary + "; version " + registry.find(name).orElseThrow().activeVersion()
                + " stays active because its " + keyMetric + " is better (auto_deploy = 'if_better')";
    }

    /** Imports a model trained elsewhere (ModelImport) as a new version, which becomes active. */
    private String importModel(CreateModelStatement statement, String statementText, String modelType,
            String autoDeploy) {
        String name = statement.name();
        if (statement.transform().isPresent() || autoDeploy.equals("if_better")) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "CREATE MODEL " + name + ": an imported model"
                    + " (model_type '" + modelType + "') has " + (statement.transform().isPresent()
                    ? "no TRANSFORM; its inputs are the model's features" : "no evaluation metric for auto_deploy ="
                    + " 'if_better' to compare"));
        }
        long started = System.nanoTime();
        ModelImport.Imported imported = ModelImport.of(modelType, name, statement.options(), files);
        Map<String, String> effective = new java.util.HashMap<>(imported.effective());
        effective.put("auto_deploy", autoDeploy);
        int version = registry.nextVersion(name);
        registry.add(version(name, version, modelType, effective, imported.trained(), provenance(statementText, 0,
                imported.fingerprint(), 0, started), List.of(), List.of(), imported.onnx()), true);
        return "Imported model " + name + " version " + version + " (" + modelType + ": " + imported.summary() + ")";
    }

    /** A new version of model {@code name} holding what training (or an import) produced. */
    private static ModelVersion version(String name, int version, String modelType, Map<String, String> effective,
            Trained trained, Provenance provenance, List<TransformColumn> transform, List<ModelVersion.Trial> trials,
            Optional<OnnxSpec> onnx) {
        return new ModelVersion(ModelVersion.FORMAT_VERSION, name, version, modelType, effective, trained.linear(),
                trained.classModels(), trained.kmeans(), trained.metrics(), provenance, trained.classes(),
                trained.labelType(), trained.trainingInfo(), trained.featureInfo(), transform, trials,
                trained.trees(), List.of(), onnx, List.of());
    }

    /** Where a version comes from: the statement, its data, the seed, this engine and build, now, the duration. */
    private Provenance provenance(String statementText, long rows, String fingerprint, long seed, long started) {
        return new Provenance(statementText, rows, fingerprint, seed, engine.engine().name() + " "
                + engine.engine().version(), lisiereVersion(), Instant.now().toString(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A trained model with the options it was trained with. */
    private record Training(Trained trained, Map<String, String> effective, long seed) {}

    private record TunedTraining(Training best, List<ModelVersion.Trial> trials) {}

    private static Training train(String modelType, String name, TrainingData data, Map<String, OptionValue> options,
            TrainingMonitor monitor) {
        monitor.phase("preparing the inputs");
        if (modelType.equals("kmeans")) {
            KMeansOptions parsed = KMeansOptions.parse(options);
            return new Training(KMeansTrainer.train(name, data, parsed, monitor), parsed.effective(), parsed.seed());
        }
        if (TreeOptions.MODEL_TYPES.contains(modelType)) {
            TreeOptions parsed = TreeOptions.parse(modelType, options);
            return new Training(TreeEnsembleTrainer.train(name, data, parsed, monitor), parsed.effective(),
                    parsed.seed());
        }
        LinearOptions parsed = LinearOptions.parse(modelType, options);
        Trained trained = modelType.equals("logistic_reg")
                ? LogisticRegressionTrainer.train(name, data, parsed, monitor)
                : LinearRegressionTrainer.train(name, data, parsed, monitor);
        return new Training(trained, parsed.effective(), parsed.seed());
    }

    /** Trains every trial of the plan; the best objective (first on ties) wins. A failed trial is recorded. */
    private static TunedTraining tune(String modelType, String name, TrainingData data, Tuning.Plan plan,
            TrainingMonitor monitor) {
        List<Training> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int best = -1;
        for (int t = 0; t < plan.options().size(); t++) {
            monitor.trial(t + 1, plan.options().size());
            try {
                Training training = train(modelType, name, data, plan.options().get(t), monitor);
                results.add(training);
                errors.add("");
                Double value = training.trained().metrics().get(plan.objective());
                if (value != null && !value.isNaN() && (best < 0 || (plan.maximize()
                        ? value > results.get(best).trained().metrics().get(plan.objective())
                        : value < results.get(best).trained().metrics().get(plan.objective())))) {
                    best = t;
                }
            } catch (LisiereException e) {
                if (e.code().category() != org.lisiere.spi.ErrorCategory.USER || e.code() == ErrorCode.CANCELLED) {
                    throw e;
                }
                results.add(null);
                errors.add(e.getMessage());
            }
        }
        if (best < 0) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Model '" + name + "': no tuning trial succeeded;"
                    + " the first failed with: " + errors.get(0));
        }
        List<ModelVersion.Trial> trials = new ArrayList<>();
        for (int t = 0; t < results.size(); t++) {
            Training result = results.get(t);
            List<ModelVersion.TrainingIteration> info = result == null ? List.of() : result.trained().trainingInfo();
            java.util.OptionalDouble trainingLoss = info.isEmpty() ? java.util.OptionalDouble.empty()
                    : java.util.OptionalDouble.of(info.get(info.size() - 1).loss());
            java.util.OptionalDouble evalLoss = info.isEmpty() ? java.util.OptionalDouble.empty()
                    : info.get(info.size() - 1).evalLoss();
            trials.add(new ModelVersion.Trial(t + 1, plan.values().get(t),
                    result == null ? Map.of() : result.trained().metrics(), trainingLoss, evalLoss,
                    result == null ? "FAILED" : "SUCCEEDED", errors.get(t), t == best));
        }
        return new TunedTraining(results.get(best), trials);
    }

    private static long seedOf(Map<String, OptionValue> options) {
        return Optional.ofNullable(options.get("seed")).map(o -> (long) o.asDouble())
                .orElse(LinearOptions.DEFAULT_SEED);
    }

    /** Whether {@code candidate} beats {@code current}; lower is better for davies_bouldin_index. */
    private static boolean isBetter(String metric, Double candidate, Double current) {
        if (current == null || current.isNaN()) {
            return true;
        }
        if (candidate == null || candidate.isNaN()) {
            return false;
        }
        return metric.equals("davies_bouldin_index") ? candidate <= current : candidate >= current;
    }

    private static String autoDeploy(Map<String, OptionValue> options) {
        OptionValue option = options.get("auto_deploy");
        if (option == null) {
            return "always";
        }
        String value = option.asString().toLowerCase(Locale.ROOT);
        if (!value.equals("always") && !value.equals("if_better")) {
            throw option.invalid("'always' (the new version becomes active) or 'if_better' (only when its key"
                    + " metric is at least as good as the active version's)");
        }
        return value;
    }

    private static String modelType(Map<String, OptionValue> options) {
        OptionValue type = options.get("model_type");
        if (type == null) {
            throw new LisiereException(ErrorCode.INVALID_OPTION, "CREATE MODEL needs OPTIONS (model_type = ...);"
                    + " available: '" + String.join("', '", MODEL_TYPES) + "'");
        }
        String value = type.asString().toLowerCase(Locale.ROOT);
        if (!MODEL_TYPES.contains(value)) {
            throw type.invalid("one of '" + String.join("', '", MODEL_TYPES) + "' (the model types this version"
                    + " trains or imports)");
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

    /**
     * Writes a model version to {@code exports/<path>} in the data directory (the path must stay inside it): in the
     * registry's own file format, or for tree models as XGBoost's JSON model, which XGBoost loads as it is.
     */
    public String export(ExportModelStatement statement) {
        String format = Optional.ofNullable(statement.options().get("format")).map(OptionValue::asString)
                .orElse("lisiere").toLowerCase(Locale.ROOT);
        for (OptionValue option : statement.options().values()) {
            if (!option.name().equals("format")) {
                throw new LisiereException(ErrorCode.INVALID_OPTION, "EXPORT MODEL: unknown option '" + option.name()
                        + "'; allowed: format", option.token().position());
            }
        }
        OptionValue formatOption = statement.options().get("format");
        if (!List.of("lisiere", "xgboost_json", "onnx").contains(format)) {
            throw formatOption.invalid("'lisiere', 'xgboost_json' or 'onnx'");
        }
        ModelRegistry.Entry entry = registry.find(statement.name()).orElseThrow(() -> new LisiereException(
                ErrorCode.UNKNOWN_OBJECT, "Model '" + statement.name() + "' does not exist"));
        int version = statement.version().orElse(entry.activeVersion());
        ModelVersion model = registry.version(statement.name(), version);
        if (format.equals("xgboost_json") && model.trees().isEmpty()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "EXPORT MODEL: format 'xgboost_json' is for"
                    + " boosted tree and random forest models; model '" + statement.name() + "' is "
                    + model.modelType(), formatOption.token().position());
        }
        if (format.equals("onnx") && model.onnx().isEmpty()) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "EXPORT MODEL: format 'onnx' is available"
                    + " for imported ONNX models in this version; model '" + statement.name() + "' is "
                    + model.modelType() + ": export it as 'lisiere' (the model file itself)"
                    + (model.trees().isPresent() ? " or 'xgboost_json'" : ""), formatOption.token().position());
        }
        java.nio.file.Path target = registry.exportPath(statement.path().unquoted()).orElseThrow(() ->
                new LisiereException(ErrorCode.INVALID_ARGUMENT, "EXPORT MODEL: the path '"
                        + statement.path().unquoted() + "' must be relative and stay inside the exports folder of"
                        + " the data directory", statement.path().position()));
        if (format.equals("xgboost_json")) {
            registry.export(model.trees().get().xgboostJson().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    target);
        } else if (format.equals("onnx")) {
            registry.export(model.onnx().get().model(), target);
        } else {
            registry.export(model, target);
        }
        return "Exported version " + version + " of model " + statement.name() + " to " + target;
    }

    public String alter(AlterModelStatement statement) {
        registry.activate(statement.name(), statement.activeVersion());
        return "Model " + statement.name() + " now serves version " + statement.activeVersion();
    }

    private static String describe(OnnxSpec.Port port) {
        return port.width() == 1 ? port.type() + " (" + port.sqlType() + ")"
                : port.type() + "[" + port.width() + "] (" + port.sqlType() + "[])";
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
        if (active.kmeans().isEmpty() && active.onnx().isEmpty()) {
            rows.add(new Object[] {"model", "label", active.label()});
        }
        active.onnx().ifPresent(onnx -> {
            onnx.inputs().forEach(i -> rows.add(new Object[] {"input", i.name(), describe(i)}));
            onnx.outputs().forEach(o -> rows.add(new Object[] {"output", o.name(), describe(o)}));
            onnx.ignored().forEach(o -> rows.add(new Object[] {"output", o, "ignored: not a tensor of numbers"}));
        });
        if (active.isClassifier()) {
            rows.add(new Object[] {"model", "classes", String.join(", ", active.classes())});
        }
        new java.util.TreeMap<>(active.options()).forEach((k, v) -> rows.add(new Object[] {"option", k, v}));
        new java.util.TreeMap<>(active.metrics()).forEach((metric, value) -> rows.add(new Object[] {"metric",
                metric, String.valueOf(value)}));
        active.featureInfo().forEach(f -> rows.add(new Object[] {"feature", f.input(), f.categoryCount().isPresent()
                ? "categorical (" + f.categoryCount().getAsLong() + " values)" : "numeric"}));
        if (active.featureInfo().isEmpty()) { // format 1 files did not record feature statistics
            active.linear().ifPresent(linear -> {
                linear.numeric().forEach(f -> rows.add(new Object[] {"feature", f.name(), "numeric"}));
                linear.categorical().forEach(f -> rows.add(new Object[] {"feature", f.name(),
                        "categorical (" + f.categories().size() + " categories)"}));
            });
        }
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
