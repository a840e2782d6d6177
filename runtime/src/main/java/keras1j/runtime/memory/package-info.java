/**
 * The memory budget ({@link keras1j.runtime.memory.MemoryBudget}) consulted before every allocation
 * whose size comes from a model or an input.
 */
package keras1j.runtime.memory;
