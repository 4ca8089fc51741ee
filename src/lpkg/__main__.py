from lpkg.cli import main

main(prog_name="lpkg")
