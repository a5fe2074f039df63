/* The program scripts/m32-exec.sh runs, built -m32, to learn whether the
 * kernel executes 32-bit x86 programs: one that does not refuses it with
 * "Exec format error" before it starts. */
int main(void)
{
	return 0;
}
