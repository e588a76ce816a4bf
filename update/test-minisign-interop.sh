#!/bin/sh
# nodebundle against Debian's minisign, both directions, on a real squashfs + dm-verity root image
# made by image/build-rootimg.sh. Run by `make unit` as build/unit/test_update_minisign_interop.
# Prints "ok - name" / "not ok - name: why" and "N passed, N failed"; exits 1 if anything failed.
#   test-minisign-interop.sh NODEBUNDLE REPO_DIR
set -u
NB=$1 REPO=$2
PATH=/usr/sbin:/sbin:$PATH
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1: $2" | tr -d '\r'; }
# expect NAME CODE CMD...: CMD exits with CODE
expect() {
	name=$1 code=$2
	shift 2
	"$@" >"$t/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$code" ]; then ok "$name"; else fail "$name" "exit $rc, want $code: $(tail -1 "$t/out")"; fi
}
# mentions NAME TEXT: the last command's output contains TEXT
mentions() {
	if grep -qF -- "$2" "$t/out"; then ok "$1"; else fail "$1" "output lacks '$2': $(tail -1 "$t/out")"; fi
}

for tool in minisign mksquashfs veritysetup tar; do
	command -v $tool >/dev/null || { fail "tools_present" "$tool is not installed (make deps)"; echo "$passed passed, $failed failed"; exit 1; }
done
t=$(mktemp -d /tmp/test_update_interop.XXXXXX) || exit 1
trap 'rm -rf "$t"' EXIT INT TERM

mkdir -p "$t/tree/etc"
echo node > "$t/tree/etc/hostname"
head -c 200000 /dev/zero | tr '\0' 'x' > "$t/tree/etc/filler"
SOURCE_DATE_EPOCH=1700000000 sh "$REPO/image/build-rootimg.sh" "$t/tree" "$t/root.img" >"$t/out" 2>&1 ||
	fail "rootimg_builds" "$(tail -1 "$t/out")"
head -c 50000 /dev/urandom > "$t/uki.efi"
(cd "$t" && minisign -G -W -p a.pub -s a.key && minisign -G -W -p b.pub -s b.key) >/dev/null 2>&1 ||
	fail "minisign_makes_keys" "minisign -G -W failed"
B=$t/b.bundle

expect create_writes_an_unsigned_bundle 0 "$NB" create --root "$t/root.img" --verity "$t/root.img.verity" \
	--uki "$t/uki.efi" --version 2.0.0 --min-version 1.0.0 --product node -o "$B"
expect tar_lists_the_unsigned_bundle 0 sh -c "tar tf '$B' | tr '\n' ' '"
mentions unsigned_bundle_has_three_members "manifest root.img uki.efi "
expect unsigned_bundle_does_not_verify 1 "$NB" verify -p "$t/a.pub" "$B"
mentions unsigned_bundle_names_the_missing_signature 'expected "manifest.minisig"'

expect nodebundle_signs 0 "$NB" sign -s "$t/a.key" "$B"
expect tar_lists_members_in_order 0 sh -c "tar tf '$B' | tr '\n' ' '"
mentions signed_bundle_has_four_members_in_order "manifest manifest.minisig root.img uki.efi "
expect nodebundle_verifies_its_signature 0 "$NB" verify -p "$t/a.pub" "$B"
mentions verify_prints_the_manifest "payload root.img size"
expect verify_reads_a_pipe 0 sh -c "cat '$B' | '$NB' verify -p '$t/a.pub' -"

rm -f "$t/manifest" "$t/manifest.minisig"
(cd "$t" && tar xf "$B" manifest manifest.minisig)
expect minisign_verifies_what_nodebundle_signed 0 minisign -Vm "$t/manifest" -p "$t/a.pub"
mentions minisign_shows_the_trusted_comment "file:manifest"
expect minisign_refuses_it_with_another_key 1 minisign -Vm "$t/manifest" -p "$t/b.pub"
expect minisign_H_accepts_it_as_prehashed 0 minisign -H -Vm "$t/manifest" -p "$t/a.pub"

rm -f "$t/manifest.minisig"
expect minisign_signs_the_extracted_manifest 0 minisign -S -s "$t/b.key" -m "$t/manifest"
expect attach_sig_inserts_it 0 "$NB" attach-sig "$B" "$t/manifest.minisig"
expect tar_lists_after_attach 0 sh -c "tar tf '$B' | tr '\n' ' '"
mentions attach_replaces_rather_than_adds "manifest manifest.minisig root.img uki.efi "
expect nodebundle_verifies_what_minisign_signed 0 "$NB" verify -p "$t/b.pub" "$B"
expect old_key_alone_no_longer_verifies 1 "$NB" verify -p "$t/a.pub" "$B"
mentions wrong_key_error_names_the_key "which is not a trusted key"
expect either_of_two_trusted_keys_verifies 0 "$NB" verify -p "$t/a.pub" -p "$t/b.pub" "$B"
expect attach_sig_with_key_checks_first 0 "$NB" attach-sig -p "$t/b.pub" "$B" "$t/manifest.minisig"
expect attach_sig_with_the_wrong_key_is_refused 1 "$NB" attach-sig -p "$t/a.pub" "$B" "$t/manifest.minisig"

expect minisign_legacy_signature_made 0 minisign -S -l -s "$t/b.key" -m "$t/manifest" -x "$t/legacy.minisig"
expect legacy_signature_is_refused 1 "$NB" attach-sig "$B" "$t/legacy.minisig"
mentions legacy_refusal_says_legacy "legacy"
cp "$t/manifest" "$t/other"
(cd "$t" && minisign -S -s b.key -m other) >/dev/null 2>&1
expect signature_of_another_file_is_refused 1 "$NB" attach-sig "$B" "$t/other.minisig"

expect resigning_replaces_the_signature 0 "$NB" sign -s "$t/a.key" "$B"
expect tar_lists_after_resign 0 sh -c "tar tf '$B' | tr '\n' ' '"
mentions resigned_bundle_has_four_members "manifest manifest.minisig root.img uki.efi "

expect installed_newer_is_a_policy_refusal 2 "$NB" verify -p "$t/a.pub" --installed 2.0.1 "$B"
expect other_product_is_a_policy_refusal 2 "$NB" verify -p "$t/a.pub" --product gateway "$B"
expect matching_policy_verifies 0 "$NB" verify -p "$t/a.pub" --product node --installed 1.2.3 --floor 2.0.0 "$B"

# one byte of root.img's first data block, which follows the manifest, signature and hash tree
cp "$B" "$t/bad.bundle"
blocks=$(sed -n 's/^DATA_BLOCKS=//p' "$t/root.img.verity")
data_off=$(python3 -c "
import tarfile
m = tarfile.open('$B').getmember('root.img')
print(m.offset_data + m.size - $blocks * 4096 + 100)")
printf 'Z' | dd of="$t/bad.bundle" bs=1 seek="$data_off" conv=notrunc 2>/dev/null
expect changed_data_byte_is_refused 1 "$NB" verify -p "$t/a.pub" "$t/bad.bundle"
mentions changed_data_byte_names_the_block "data block 0 does not match"

printf '\0' >> "$t/bad2.bundle"
cat "$B" "$t/bad2.bundle" > "$t/long.bundle"
expect trailing_byte_is_refused 1 "$NB" verify -p "$t/a.pub" "$t/long.bundle"

printf 'pw\npw\n' | (cd "$t" && minisign -G -p e.pub -s e.key) >/dev/null 2>&1
expect encrypted_key_is_refused_clearly 1 "$NB" sign -s "$t/e.key" "$B"
mentions encrypted_key_message_says_how "minisign -G -W"

expect usage_error_exits_100 100 "$NB" create --root "$t/root.img"

# signing is reproducible: with SOURCE_DATE_EPOCH the same bundle is signed to the same bytes
cp "$B" "$t/again.bundle"
expect sign_with_source_date_epoch 0 env SOURCE_DATE_EPOCH=1700000000 "$NB" sign -s "$t/a.key" "$B"
expect sign_again_with_source_date_epoch 0 env SOURCE_DATE_EPOCH=1700000000 "$NB" sign -s "$t/a.key" "$t/again.bundle"
expect signing_twice_gives_the_same_bytes 0 cmp "$B" "$t/again.bundle"

# sign-file: FILE.minisig byte for byte as `minisign -S -m FILE` writes it at the same time
mkdir -p "$t/ms"
printf 'disk first-non-removable\nwipe no\nhostname node-1\n' > "$t/provision.conf"
cp "$t/provision.conf" "$t/ms/provision.conf"
expect sign_file_signs 0 env SOURCE_DATE_EPOCH=1700000000 "$NB" sign-file -s "$t/a.key" "$t/provision.conf"
expect minisign_verifies_what_sign_file_signed 0 minisign -V -p "$t/a.pub" -m "$t/provision.conf"
mentions sign_file_comment_names_the_file "$(printf 'timestamp:1700000000\tfile:provision.conf\thashed')"
expect minisign_H_accepts_sign_file_as_prehashed 0 minisign -H -V -p "$t/a.pub" -m "$t/provision.conf"
(cd "$t/ms" && minisign -S -s ../a.key -m provision.conf \
	-t "$(printf 'timestamp:1700000000\tfile:provision.conf\thashed')") >/dev/null 2>&1 ||
	fail minisign_signs_provision_conf "minisign -S failed"
expect sign_file_writes_what_minisign_writes 0 cmp "$t/provision.conf.minisig" "$t/ms/provision.conf.minisig"
expect minisign_refuses_sign_file_with_another_key 1 minisign -V -p "$t/b.pub" -m "$t/provision.conf"
printf 'wipe yes\n' >> "$t/provision.conf"
expect minisign_refuses_a_changed_file 1 minisign -V -p "$t/a.pub" -m "$t/provision.conf"
expect sign_file_refuses_stdin 100 "$NB" sign-file -s "$t/a.key" -
expect sign_file_refuses_an_encrypted_key 1 "$NB" sign-file -s "$t/e.key" "$t/provision.conf"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
