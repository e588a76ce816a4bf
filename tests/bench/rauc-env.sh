# Sourced by the install benches: RAUC's configuration and a private system bus for its service
# (nothing else on these machines runs D-Bus; the policy lets root own and call anything).
#   rauc_env DIR CERT SLOT_A SLOT_B   writes DIR/bus.conf and DIR/system.conf (raw slots A and
#                                     B, no boot loader), starts dbus-daemon, exports its address;
#                                     the daemon's pid is in DIR/bus.pid
rauc_env() {
	re_dir=$1
	cat > "$re_dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$re_dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
	cat > "$re_dir/system.conf" <<CONF
[system]
compatible=node-bench
bootloader=noop
bundle-formats=plain
data-directory=$re_dir/rauc-data

[keyring]
path=$2

[slot.rootfs.0]
device=$3
type=raw
bootname=A

[slot.rootfs.1]
device=$4
type=raw
bootname=B
CONF
	mkdir -p "$re_dir/rauc-data" "$re_dir/rauc-mnt"
	dbus-daemon --config-file="$re_dir/bus.conf" --fork --print-pid > "$re_dir/bus.pid" ||
		{ echo "dbus-daemon did not start"; return 1; }
	export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$re_dir/bus"
}
