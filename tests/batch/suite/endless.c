/* Fails: never ends; the instruction budget (or the timeout) stops it. */
int main(void)
{
	for (volatile unsigned i = 0;; i++)
		;
}
