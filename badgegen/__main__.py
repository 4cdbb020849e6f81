from badgegen.cli import main

main()
