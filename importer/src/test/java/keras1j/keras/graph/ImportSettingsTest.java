package keras1j.keras.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import keras1j.errors.InvalidModelException;
import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.config.ModelConfigParser;
import keras1j.keras.config.ModelTopology;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.runtime.tensor.Tensor;

class ImportSettingsTest {

    private static WeightStore store(String... names) {
        Map<String, List<NamedWeight>> layers = new LinkedHashMap<>();
        for (String n : names) {
            layers.put(n.replaceAll("_[A-Za-z]+(:0)?$", ""), List.of(new NamedWeight(n, Tensor.zeros(1))));
        }
        return WeightStore.inMemory(Path.of("weights.h5"), layers);
    }

    private static ModelTopology model(String... dimOrderings) throws Exception {
        StringBuilder sb = new StringBuilder("{\"class_name\": \"Sequential\", \"config\": [");
        for (int i = 0; i < dimOrderings.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"pool_")
                    .append(i + 1).append("\", ").append(i == 0 ? "\"batch_input_shape\": [null, 4, 4, 4], " : "")
                    .append(dimOrderings[i] == null ? "" : "\"dim_ordering\": \"" + dimOrderings[i] + "\", ")
                    .append("\"pool_size\": [1, 1]}}");
        }
        sb.append("]}");
        return ModelConfigParser.parse(new ObjectMapper().readTree(sb.toString()), "model.json");
    }

    @Test
    void tensorflowWeightNamesEndInColonZero() {
        Resolved<Backend> b = ImportSettings.backend(Optional.empty(), Optional.of(store("convolution2d_1_W:0")));
        assertEquals(Backend.TENSORFLOW, b.value());
        assertEquals("inferred from weight names ending in ':0' (convolution2d_1_W:0)", b.reason());
    }

    @Test
    void theanoWeightNamesHaveNoSuffix() {
        Resolved<Backend> b = ImportSettings.backend(Optional.empty(), Optional.of(store("convolution2d_1_W")));
        assertEquals(Backend.THEANO, b.value());
        assertEquals("inferred from weight names without ':0' (convolution2d_1_W)", b.reason());
    }

    @Test
    void userChoiceOverridesTheWeightNames() {
        Resolved<Backend> b = ImportSettings.backend(Optional.of(Backend.THEANO), Optional.of(store("dense_1_W:0")));
        assertEquals(Backend.THEANO, b.value());
        assertEquals("set by the user", b.reason());
    }

    @Test
    void noWeightsDefaultsToTensorflow() {
        Resolved<Backend> b = ImportSettings.backend(Optional.empty(), Optional.empty());
        assertEquals(Backend.TENSORFLOW, b.value());
        assertEquals("no weights: defaulted to tensorflow", b.reason());
    }

    @Test
    void mixedWeightNamesAreRejected() {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> ImportSettings.backend(
                Optional.empty(), Optional.of(store("dense_1_W:0", "dense_2_W"))));
        assertEquals("weights.h5: weight names mix the TensorFlow form ('dense_1_W:0') and the Theano form "
                + "('dense_2_W'); cannot tell the backend, set it explicitly", e.getMessage());
    }

    @Test
    void dimOrderingIsInferredFromLayersThatRecordIt() throws Exception {
        Resolved<DimOrdering> d = ImportSettings.dimOrdering(Optional.empty(), model("th", null));
        assertEquals(DimOrdering.TH, d.value());
        assertEquals("inferred from the dim_ordering 'th' recorded by layer 'pool_1'", d.reason());
    }

    @Test
    void disagreeingDimOrderingsUseTheMajority() throws Exception {
        Resolved<DimOrdering> d = ImportSettings.dimOrdering(Optional.empty(), model("tf", "th", "th"));
        assertEquals(DimOrdering.TH, d.value());
        assertEquals("inferred from recorded dim_orderings that disagree: 'th' by 2 layers ('pool_2', ...), 'tf' by "
                + "layer 'pool_1'; using 'th' (the majority)", d.reason());
    }

    @Test
    void tiedDimOrderingsUseTheFirstLayer() throws Exception {
        assertEquals(DimOrdering.TF, ImportSettings.dimOrdering(Optional.empty(), model("tf", "th")).value());
    }

    @Test
    void noRecordedDimOrderingDefaultsToTf() throws Exception {
        Resolved<DimOrdering> d = ImportSettings.dimOrdering(Optional.empty(), model((String) null));
        assertEquals(DimOrdering.TF, d.value());
        assertEquals("no layer records dim_ordering: defaulted to tf (the Keras 1.2 default)", d.reason());
    }

    @Test
    void userDimOrderingWins() throws Exception {
        Resolved<DimOrdering> d = ImportSettings.dimOrdering(Optional.of(DimOrdering.TF), model("th"));
        assertEquals(DimOrdering.TF, d.value());
        assertEquals("set by the user", d.reason());
    }

    @Test
    void dimOrderingOfALayerWrappedByTimeDistributedCounts() throws Exception {
        ModelTopology t = ModelConfigParser.parse(new ObjectMapper().readTree("{\"class_name\": \"Sequential\", "
                + "\"config\": [{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"timedistributed_1\", "
                + "\"trainable\": true, \"batch_input_shape\": [null, 4, 2, 8, 8], \"input_dtype\": \"float32\", "
                + "\"layer\": {\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"maxpooling2d_1\", "
                + "\"trainable\": true, \"pool_size\": [2, 2], \"border_mode\": \"valid\", \"strides\": [2, 2], "
                + "\"dim_ordering\": \"th\"}}}}], \"keras_version\": \"1.2.2\"}"), "model.json");
        Resolved<DimOrdering> d = ImportSettings.dimOrdering(Optional.empty(), t);
        assertEquals(DimOrdering.TH, d.value());
        assertEquals("inferred from the dim_ordering 'th' recorded by layer 'timedistributed_1'", d.reason());
    }
}
