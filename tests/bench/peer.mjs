// tests/bench/peer.mjs - the peer for `make bench`: the npm package
// ssh-config doing what `ucjob add` does.  It reads FILE, parses it,
// appends one Host, stringifies it and writes it back the safe way ucjob
// does (a temporary beside FILE, fsync, rename, directory fsync), so the
// comparison is about the work above the I/O floor.  The bench copies it
// next to the node_modules it installed.
//
//	node peer.mjs FILE ALIAS PORT
import { closeSync, fsyncSync, openSync, readFileSync, renameSync,
    writeSync } from 'node:fs';
import { dirname } from 'node:path';
import SSHConfig from 'ssh-config';

const [file, alias, port] = process.argv.slice(2);
const config = SSHConfig.parse(readFileSync(file, 'utf8'));
config.append({
	Host: alias,
	HostName: 'ssh.cloud.sdu.dk',
	Port: port,
	User: 'ucloud',
	IdentityFile: '~/.ssh/id_ed25519',
	IdentitiesOnly: 'yes',
	HostKeyAlias: alias,
	UserKnownHostsFile: '~/.ssh/ucjob_known_hosts',
	CheckHostIP: 'no',
});
const text = SSHConfig.stringify(config);
const tmp = `${file}.peer-tmp`;
let fd = openSync(tmp, 'wx', 0o600);
writeSync(fd, text);
fsyncSync(fd);
closeSync(fd);
renameSync(tmp, file);
fd = openSync(dirname(file), 'r');
fsyncSync(fd);
closeSync(fd);
