package keras1j.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import keras1j.errors.ShapeException;

class LazyTensorTest {

    @Test
    void shapeAndSizeNeedNoValues() {
        AtomicInteger calls = new AtomicInteger();
        Tensor t = Tensor.lazy(() -> {
            calls.incrementAndGet();
            return new float[6];
        }, 2, 3);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertEquals(6, t.size());
        assertEquals(3, t.dim(-1));
        assertFalse(t.isLoaded());
        assertEquals(0, calls.get());
    }

    @Test
    void valuesAreMadeOnceAndTheSameArrayIsReturned() {
        AtomicInteger calls = new AtomicInteger();
        Tensor t = Tensor.lazy(() -> {
            calls.incrementAndGet();
            return new float[] {1, 2, 3, 4};
        }, 2, 2);
        float[] first = t.data();
        assertSame(first, t.data());
        assertEquals(1, calls.get());
        assertTrue(t.isLoaded());
        assertEquals(4f, t.get(1, 1));
    }

    @Test
    void aSourceOfTheWrongLengthIsAShapeError() {
        Tensor t = Tensor.lazy(() -> new float[5], 2, 3);
        ShapeException e = assertThrows(ShapeException.class, t::data);
        assertTrue(e.getMessage().contains("needs 6 elements"), e.getMessage());
    }

    @Test
    void aFailedSourceIsTriedAgainOnTheNextCall() {
        AtomicInteger calls = new AtomicInteger();
        Tensor t = Tensor.lazy(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("file busy");
            }
            return new float[] {7};
        }, 1);
        assertThrows(IllegalStateException.class, t::data);
        assertArrayEquals(new float[] {7}, t.data());
    }

    @Test
    void zerosAllocateOnFirstUse() {
        Tensor t = Tensor.zeros(1000, 1000);
        assertFalse(t.isLoaded());
        assertEquals(1_000_000, t.size());
        assertEquals(0f, t.data()[999_999]);
        assertTrue(t.isLoaded());
    }
}
