package com.example.mskqueue.producer.lag;

/**
 * Published after each lag reading, for what follows the lag reading by reading (the
 * scaling advice).
 *
 * @param snapshot the reading
 */
public record LagRead(LagSnapshot snapshot) {
}
