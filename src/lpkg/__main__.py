from lpkg.cli import main

# guarded: a child process started afresh (lpkg.limits.run_limited for a store on disk) imports
# this module again and must not run the command a second time
if __name__ == "__main__":
    main(prog_name="lpkg")
