/* CRC-32/ISO-HDLC (zlib's crc32, the one GPT uses for its header and entry array):
 * reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF. */
#ifndef NU_CRC32_H
#define NU_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Like zlib's crc32(): start with crc = 0; chaining calls over consecutive pieces gives the CRC
 * of the whole. crc32_update(0, "123456789", 9) is 0xCBF43926. */
uint32_t crc32_update(uint32_t crc, const uint8_t *buf, size_t len);

#endif
