package org.lisiere.core.sql;

/** {@code SHOW MODELS}. */
public record ShowModelsStatement() implements ParsedStatement {}
