/**
 * The extension point for Keras layers keras1j does not convert itself: a user's own layer classes
 * and {@code Lambda} layers whose function the user knows.
 *
 * <p><b>What a converter does.</b> A {@link keras1j.keras.layers.LayerConverter} translates one
 * application of a layer into IR nodes: it reads the layer's configuration
 * ({@link keras1j.keras.layers.LayerContext#config()}), declares and fetches its saved weights
 * ({@link keras1j.keras.layers.LayerContext#weights()}: {@code expect("W", "b")}, then
 * {@code get(index, shape...)}, which checks the saved shapes), adds nodes built from the public IR
 * op records of {@code keras1j.runtime.ir} ({@link keras1j.keras.layers.LayerContext#add}) and returns
 * the output {@link keras1j.keras.layers.KerasTensor}s. Inputs arrive as Keras tensors that may be held
 * in another layout than Keras' (a {@code th} image is kept channels-last);
 * {@link keras1j.keras.layers.LayerContext#logical} gives the value in Keras layout and
 * {@link keras1j.keras.layers.LayerContext#logicalTensor} wraps a result that is in Keras layout. The
 * nodes then run on the Java engine and export to ONNX like keras1j's own, since both only see IR ops.
 * Throw {@link keras1j.errors.UnsupportedFeatureException} (e.g. via
 * {@code ctx.config().unsupported(...)}) for configurations the converter does not handle.
 *
 * <p><b>How converters are found.</b> For each layer, in this order: a converter registered for the
 * layer's <i>name</i> ({@link keras1j.keras.ImportOptions#withLayerConverter}, then
 * {@link keras1j.keras.spi.LayerConverterProvider#layerConverters()}); keras1j's own converter for the
 * layer's class; a converter registered for the class
 * ({@link keras1j.keras.ImportOptions#withConverter},
 * {@link keras1j.keras.spi.LayerConverterProvider#converters()}). A class registered by two converters,
 * or a user class converter for a class keras1j converts itself, is an {@link IllegalArgumentException}
 * when the import starts. A layer no converter matches is an
 * {@link keras1j.errors.UnsupportedFeatureException} naming the layer, its class and this extension
 * point.
 *
 * <p>Example: a {@code Lambda(lambda x: 2 * x + 1)} named {@code lambda_1} on a 2D input:
 * <pre>{@code
 * LayerConverter twiceplusone = new LayerConverter() {
 *     public List<String> classNames() { return List.of("Lambda"); }
 *     public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
 *         ctx.weights().expect();
 *         KerasTensor x = ctx.single(inputs);
 *         int n = x.shape().dim(-1);
 *         float[] two = new float[n], one = new float[n];
 *         Arrays.fill(two, 2f);
 *         Arrays.fill(one, 1f);
 *         String y = ctx.add("affine", new ChannelAffine(x.rank() - 1, two, one), ctx.logical(x));
 *         return List.of(ctx.logicalTensor(y));
 *     }
 * };
 * ImportOptions options = ImportOptions.defaults().withLayerConverter("lambda_1", twiceplusone);
 * }</pre>
 */
package keras1j.keras.spi;
