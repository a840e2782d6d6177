package keras1j.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.config.LayerConfig;

class ConverterRegistryTest {

    @Test
    void duplicateRegistrationIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConverterRegistry.of(List.of(new ConvolutionConverter(), new ConvolutionConverter())));
        assertEquals("Keras class 'Convolution1D' registered twice: by ConvolutionConverter and ConvolutionConverter",
                e.getMessage());
    }

    @Test
    void unknownClassFailsByName() {
        LayerConfig cfg = new LayerConfig("model.json", "attention_1", "AttentionLayer",
                JsonNodeFactory.instance.objectNode());
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> ConverterRegistry.standard().converterFor(cfg));
        assertEquals("model.json: layer 'attention_1' (AttentionLayer): layer class 'AttentionLayer' is not supported; a "
                + "converter for it can be registered with ImportOptions.withConverter(converter) or a "
                + "keras1j.keras.spi.LayerConverterProvider service (see keras1j.keras.spi)", e.getMessage());
    }

    @Test
    void nestedModelsAreNamedAsSuch() {
        LayerConfig cfg = new LayerConfig("model.json", "sequential_1", "Sequential", JsonNodeFactory.instance.objectNode());
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> ConverterRegistry.standard().converterFor(cfg));
        assertEquals("model.json: layer 'sequential_1' (Sequential): models nested as layers are not supported",
                e.getMessage());
    }

    @Test
    void standardRegistryCoversTheKeras122ConvolutionalLayers() {
        for (String c : List.of("Convolution1D", "AtrousConvolution1D", "Convolution2D", "AtrousConvolution2D",
                "SeparableConvolution2D", "Deconvolution2D", "Convolution3D", "Cropping1D", "Cropping2D", "Cropping3D",
                "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
                "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
                "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D",
                "GlobalAveragePooling2D", "Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute",
                "RepeatVector", "Embedding", "BatchNormalization", "LeakyReLU", "PReLU", "ELU", "Merge")) {
            assertTrue(ConverterRegistry.standard().supports(c), c);
        }
    }
}
