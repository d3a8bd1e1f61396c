from followline.cli import main

main()
