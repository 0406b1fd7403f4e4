/**
 * The plugin interface of tree-ensemble training libraries (XGBoost): Lisière prepares the data (encoding, split,
 * weights) and scores the resulting trees itself, in SQL and in Java, so that only training needs the library and
 * its native code. A library is found with {@link java.util.ServiceLoader} as a {@link TreeTrainer}.
 */
package org.lisiere.spi.trees;
