# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 the ams authors
#
# A private rsyslogd's configuration, for the suites and benchmarks that collect ams's syslog (syslog.sh,
# Scripts/bench-exports.sh): sourced, it defines
#
#   rsyslog_conf DIR RCVBUF INPUT…
#
# which prints a configuration — its work directory DIR, nothing of the system's rsyslog touched — in
# which each INPUT, `NAME udp|tcp PORT`, listens on 127.0.0.1:PORT and writes the raw messages it receives
# (`%rawmsg%`, a line each) to DIR/NAME.log; inputs of the same NAME share that file. UDP inputs get a
# socket buffer of RCVBUF (e.g. 16m), so that a burst is not lost before rsyslogd reads it.
rsyslog_conf() {
    local dir=$1 rcvbuf=$2 input name transport port rulesets=" "
    shift 2
    printf 'global(workDirectory="%s")\nmodule(load="imudp")\nmodule(load="imtcp")\n' "$dir"
    printf 'template(name="raw" type="string" string="%%rawmsg%%\\n")\n'
    for input in "$@"; do
        read -r name transport port <<<"$input"
        if [[ $rulesets != *" $name "* ]]; then
            printf 'ruleset(name="%s") { action(type="omfile" file="%s/%s.log" template="raw") }\n' "$name" "$dir" "$name"
            rulesets+="$name "
        fi
        case $transport in
            udp) printf 'input(type="imudp" address="127.0.0.1" port="%s" ruleset="%s" rcvbufSize="%s")\n' "$port" "$name" "$rcvbuf" ;;
            tcp) printf 'input(type="imtcp" address="127.0.0.1" port="%s" ruleset="%s")\n' "$port" "$name" ;;
            *) echo "rsyslog_conf: '$input' is not NAME udp|tcp PORT" >&2; return 1 ;;
        esac
    done
}
