package org.lisiere.core.sql;

/** A statement Lisière handles itself, or one it passes to the engine unchanged. */
public sealed interface ParsedStatement permits EngineStatement, LoadDataStatement, CreateModelStatement,
        DropModelStatement, ExportModelStatement, ShowModelsStatement, DescribeModelStatement, AlterModelStatement,
        FleetStatement {}
