# The attack suite (programs/attacks, docs/attacks.md): every hostile
# program is stopped with the exact exception, error code and status, at
# the attacking instruction (the label `attack`), or, for the system-call
# attacks, gets the exact errno back with nothing disclosed. The kernel's
# memory before/after is compared by the unit suite "attacks".
GP0='#GP general protection \(error 0x0: null\)'
gpsel() { echo "#GP general protection \\(error 0x$1: GDT selector 0x$1\\)"; }
gpidt() { echo "#GP general protection \\(error 0x$1: IDT vector $2\\)"; }
PFK='#PF page fault \(error 0x5: user read, protection\)'
PFW='#PF page fault \(error 0x7: user write, protection\)'
# A store or read-modify-write to an unmapped user page (0x40000000).
PFN='#PF page fault \(error 0x6: user write, not present\)'
PFNR='#PF page fault \(error 0x4: user read, not present\)'
# name|status|message (after "NAME: ") up to " at eip"|what follows "cpl 3"
while IFS='|' read -r name st msg tail; do
	[ -z "$name" ] && continue
	$EMU run $P/attacks/$name >"$T/out" 2>"$T/err"
	expect_eq "attack $name: status" "$st" $?
	eip=$(sym $P/attacks/$name attack)
	[ "$name" = kexec ] && eip=c0004000 # the fetch at the jump target faults
	expect_grep "attack $name: ${msg//\\/}$tail" \
		"^ia32emu: $name: $msg at eip 0x$eip, cpl 3$tail\$" "$T/err"
	if [ -s "$T/out" ]; then fail "attack $name: no output" "$(cat "$T/out")"; fi
done <<TABLE
kwrite|139|$PFW|, cr2 0xc0001000
wr_sgdt|139|$PFW|, cr2 0xc0001000
wr_sidt|139|$PFW|, cr2 0xc0001000
wr_smsw|139|$PFW|, cr2 0xc0001000
wr_str|139|$PFW|, cr2 0xc0001000
wr_sldt|139|$PFW|, cr2 0xc0001000
wr_stos|139|$PFW|, cr2 0xc0001000
wr_movs|139|$PFW|, cr2 0xc0001000
wr_push|139|$PFW|, cr2 0xc0001000
wr_call|139|$PFW|, cr2 0xc0001000
wr_enter|139|$PFW|, cr2 0xc0001000
wr_setcc|139|$PFW|, cr2 0xc0001000
rmw_add|139|$PFW|, cr2 0xc0001000
rmw_inc|139|$PFW|, cr2 0xc0001000
rmw_not|139|$PFW|, cr2 0xc0001000
rmw_shl|139|$PFW|, cr2 0xc0001000
rmw_bts|139|$PFW|, cr2 0xc0001000
rmw_xchg|139|$PFW|, cr2 0xc0001000
rmw_xadd|139|$PFW|, cr2 0xc0001000
rmw_cmpxchg|139|$PFW|, cr2 0xc0001000
rmw_cmpxchg8b|139|$PFW|, cr2 0xc0001000
rmw_lockadd|139|$PFW|, cr2 0xc0001000
fp_fstp|139|$PFW|, cr2 0xc0001000
fp_fist|139|$PFW|, cr2 0xc0001000
fp_fnstsw|139|$PFW|, cr2 0xc0001000
fp_fnstcw|139|$PFW|, cr2 0xc0001000
fp_fnstenv|139|$PFW|, cr2 0xc0001000
fp_fnsave|139|$PFW|, cr2 0xc0001000
np_store|139|$PFN|, cr2 0x40000000
np_add|139|$PFN|, cr2 0x40000000
np_dec|139|$PFN|, cr2 0x40000000
np_xchg|139|$PFN|, cr2 0x40000000
np_cmpxchg8b|139|$PFN|, cr2 0x40000000
np_fstp|139|$PFN|, cr2 0x40000000
np_arpl|139|$PFNR|, cr2 0x40000000
np_push|139|$PFN|, cr2 0x400000fc
np_call|139|$PFN|, cr2 0x400000fc
np_enter|139|$PFN|, cr2 0x400000fc
np_stos|139|$PFN|, cr2 0x40000000
np_movs|139|$PFN|, cr2 0x40000000
np_setcc|139|$PFN|, cr2 0x40000000
np_sgdt|139|$PFN|, cr2 0x40000000
np_fnstsw|139|$PFN|, cr2 0x40000000
rowrite|139|$PFW|, cr2 0x$(sym $P/attacks/rowrite _start)
kexec|139|$PFK|, cr2 0xc0004000
kstack|139|$PFW|, cr2 0xc000fffc
repmovs|139|$PFK|, cr2 0xc0001000
int32|139|$(gpidt 102 32)|
hlt|139|$GP0|
lgdt|139|$GP0|
lidt|139|$GP0|
lldt|139|$GP0|
ltr|139|$GP0|
cr0w|139|$GP0|
cr0r|139|$GP0|
cr2r|139|$GP0|
cr2w|139|$GP0|
cr3w|139|$GP0|
cr3r|139|$GP0|
cr4w|139|$GP0|
cr4r|139|$GP0|
clts|139|$GP0|
invlpg|139|$GP0|
wbinvd|139|$GP0|
rdmsr|139|$GP0|
wrmsr|139|$GP0|
movdr|139|$GP0|
lmsw|139|$GP0|
inb|139|$GP0|
outb|139|$GP0|
insb|139|$GP0|
outsb|139|$GP0|
cli|139|$GP0|
sti|139|$GP0|
popfiopl|139|$GP0|
dskdata|139|$(gpsel 10)|
sskdata|139|$(gpsel 10)|
ssrpl3|139|$(gpsel 10)|
ssnull|139|$GP0|
dstss|139|$(gpsel 28)|
dskcode|139|$(gpsel 8)|
dslimit|139|$(gpsel 30)|
popds|139|$(gpsel 10)|
popss|139|$(gpsel 10)|
lesk|139|$(gpsel 10)|
sscode|139|$(gpsel 18)|
dscodewr|139|$GP0|
ljmp|139|$(gpsel 8)|
lcall|139|$(gpsel 8)|
iretk|139|$(gpsel 8)|
lretk|139|$(gpsel 8)|
iretnt|139|#TS invalid TSS \\(error 0x28: GDT selector 0x28\\)|
csmov|132|#UD invalid opcode \\(mov to CS\\)|
divzero|136|#DE divide error|
TABLE

# int3 and into at CPL 3 reach the kernel through their DPL-3 gates (as
# every OS sets IDT[3] and IDT[4]); with no handler the process stops as
# Linux stops it: SIGTRAP (133) and SIGSEGV (139). Both are traps: the
# reported eip is the next instruction's. int1 (F1) raises #DB with no gate
# DPL check; a process single-stepping itself (TF by popf, tfstep) gets the
# #DB trap after the instruction that follows the popf: 133 too.
for a in "int3|133|#BP breakpoint|1" "into|139|#OF overflow|1" "int1|133|#DB debug|1" \
	"tfstep|133|#DB debug|1"; do
	IFS='|' read -r name st msg len <<<"$a"
	$EMU run $P/attacks/$name >"$T/out" 2>"$T/err"
	expect_eq "attack $name: status" "$st" $?
	eip=$(printf '%08x' $((0x$(sym $P/attacks/$name attack) + len)))
	expect_grep "attack $name: $msg after the instruction" \
		"^ia32emu: $name: $msg at eip 0x$eip, cpl 3\$" "$T/err"
done

# System-call attacks: the status is the errno the call returned; nothing
# may reach stdout (no kernel bytes disclosed), stdin is left unread.
while IFS='|' read -r name st; do
	[ -z "$name" ] && continue
	printf 'stdin-data\n' | { $EMU run $P/attacks/$name >"$T/out" 2>"$T/err"; echo $? >"$T/st"; cat >"$T/rest"; }
	expect_eq "attack $name: errno" "$st" "$(cat "$T/st")"
	if [ -s "$T/out" ] || [ -s "$T/err" ]; then
		fail "attack $name: nothing disclosed" "$(cat "$T/out" "$T/err")"
	else
		ok "attack $name: nothing disclosed"
	fi
done <<TABLE
sys_wkptr|14
sys_rkptr|14
sys_wnull|14
sys_rnull|14
sys_wcross|14
sys_rcross|14
sys_whuge|14
sys_rhuge|14
sys_kesp|14
sys_nr0|38
sys_nrm1|38
sys_nrpast|38
sys_nr1000|38
sys_nrbig|38
TABLE
# A read() refused with -EFAULT must not have consumed its input.
printf 'stdin-data\n' | { $EMU run $P/attacks/sys_rkptr >/dev/null 2>&1; cat >"$T/rest"; }
expect_eq "sys_rkptr left stdin unread" "stdin-data" "$(cat "$T/rest")"
