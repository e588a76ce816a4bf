#include <stdio.h>
#include <string.h>

#include "minisign.h"

int minisign_keyring_add(struct minisign_keyring *ring, const struct minisign_pubkey *pk,
			 struct upd_error *err)
{
	char id[MINISIGN_KEY_ID_STR];

	if (minisign_keyring_find(ring, pk->key_id) != NULL)
		return upd_fail(err, UPD_ERR_BAD, "key %s is already trusted (ids must be unique)",
				minisign_key_id_str(pk->key_id, id));
	if (ring->count == MINISIGN_KEYRING_MAX)
		return upd_fail(err, UPD_ERR_BAD, "more than %d trusted keys", MINISIGN_KEYRING_MAX);
	ring->keys[ring->count++] = *pk;
	return 0;
}

const struct minisign_pubkey *minisign_keyring_find(const struct minisign_keyring *ring,
						    uint64_t key_id)
{
	size_t i;

	for (i = 0; i < ring->count; i++)
		if (ring->keys[i].key_id == key_id)
			return &ring->keys[i];
	return NULL;
}

char *minisign_keyring_describe(const struct minisign_keyring *ring, char *out, size_t cap)
{
	size_t i, used = 0;

	if (cap == 0)
		return out;
	out[0] = '\0';
	for (i = 0; i < ring->count && used < cap; i++) {
		int n = snprintf(out + used, cap - used, "%s" MINISIGN_KEY_ID_FMT, i ? ", " : "",
				 (unsigned long long)ring->keys[i].key_id);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (ring->count == 0)
		snprintf(out, cap, "none");
	return out;
}

char *minisign_key_id_str(uint64_t key_id, char out[MINISIGN_KEY_ID_STR])
{
	snprintf(out, MINISIGN_KEY_ID_STR, MINISIGN_KEY_ID_FMT, (unsigned long long)key_id);
	return out;
}
