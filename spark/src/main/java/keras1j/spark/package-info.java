/**
 * Scoring Keras 1 models on Apache Spark: {@link keras1j.spark.KerasModelTransformer} (a Spark ML
 * {@code Transformer}), {@link keras1j.spark.ModelScoring#score} (the same as a plain function on a
 * {@code Dataset<Row>}), {@link keras1j.spark.ScoringOptions} (what to score with), and
 * {@link keras1j.spark.ScoreJob} (the {@code ./keras1j-spark} and {@code spark-submit} job). Each JVM
 * reads a model once and shares one engine among its tasks ({@link keras1j.spark.ModelCache}).
 */
package keras1j.spark;
